import type { LibraryItem } from '../../../../electron/shared/domain';
import { closeViewer } from '../../stores/viewer-store';
import { canBeReference, editFrom, remixWith } from './entry-points';

/**
 * The viewer's way to keep working on an image: Edit (it becomes the one source) or Remix (it
 * joins the references). The viewer closes and focus goes to the prompt, to write the instruction.
 */
export function ViewerReferenceButtons({ item }: { item: LibraryItem }) {
  const usable = canBeReference(item);
  const run = (start: (item: LibraryItem) => boolean) => {
    if (!usable) return;
    start(item);
    // Also when refused (a fifth reference): the prompt bar says why, in view once the viewer is closed.
    closeViewer('prompt');
  };
  return (
    <>
      <button type="button" className="button" aria-disabled={!usable} onClick={() => run(editFrom)}>
        Edit
      </button>
      <button type="button" className="button" aria-disabled={!usable} onClick={() => run(remixWith)}>
        Remix
      </button>
    </>
  );
}
