import './import.css';
import { useEffect, useState } from 'react';
import { DropOverlay, type DropTarget } from './drop-overlay';
import { importFiles } from './import-store';
import { ImportStatus } from './import-status';

function carriesFiles(event: DragEvent): boolean {
  const types = event.dataTransfer?.types;
  return types !== undefined && Array.from(types).includes('Files');
}

/**
 * Files dragged in from the system can be dropped anywhere on the window. Drags that carry no files
 * (text, or an image dragged out of the library) are left alone. Dropping is always prevented for
 * files, so the window never navigates to a dropped file.
 */
export function ImportLayer() {
  const [dragging, setDragging] = useState(false);
  const [target, setTarget] = useState<DropTarget>('library');

  useEffect(() => {
    // dragenter/dragleave fire for every element crossed; the depth tells when the window is left.
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth += 1;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
      // The prompt bar takes a drop as references (features/references/import-references.ts): say so while over it.
      setTarget(event.target instanceof Element && event.target.closest('form.composer') !== null ? 'references' : 'library');
    };
    const onLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Already taken by a drop target of the page (the prompt bar makes dropped images references).
      const taken = event.defaultPrevented;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      if (taken) return;
      void importFiles(Array.from(event.dataTransfer?.files ?? []));
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  return (
    <>
      {dragging ? <DropOverlay target={target} /> : null}
      <ImportStatus />
    </>
  );
}
