import type { DragEvent, MouseEvent, PointerEvent } from 'react';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { selectOnly, selectRangeTo, toggleSelected, useSelectionStore } from '../../stores/library-selection-store';
import { libraryItemAt } from '../../stores/library-store';
import { showActionError, showToast } from '../../stores/library-undo-store';
import { openViewer } from '../../stores/viewer-store';
import { copyItem, type CopyWhat } from '../share/copy';
import { dragNotice, MAX_DRAG_ITEMS, prepareDrag, startNativeDrag } from '../share/drag';
import { dragIdsFor } from '../share/tile-targets';
import { tileProblem } from './library-tile-problem';

/** Copies from the grid; the library's status line says what happened. */
export async function copyFromGrid(item: LibraryItem, what: CopyWhat): Promise<void> {
  if (what !== 'prompt' && tileProblem(item) !== null) {
    showToast('This image has no file to copy', false);
    return;
  }
  if (what !== 'image' && item.prompt.trim() === '') {
    showToast('This image has no prompt to copy', false);
    return;
  }
  const result = await copyItem(item.id, what);
  if (result.ok) showToast(result.message, false);
  else showActionError(result.error);
}

/** The item position of the tile an event happened in (job tiles have none). */
export const cellIndexOf = (target: EventTarget | null): number | null => {
  if (!(target instanceof Element)) return null;
  const cell = target.closest<HTMLElement>('[role="gridcell"][data-position]');
  const index = cell ? Number(cell.dataset.position) : NaN;
  return Number.isInteger(index) ? index : null;
};

const onButton = (target: EventTarget | null) => target instanceof Element && target.closest('button') !== null;

/**
 * The grid's pointer handlers, delegated once on the grid: click selects (Shift: a range,
 * Ctrl/Cmd: toggles), double-click opens, a press may become Electron's native file drag.
 */
export function useGridPointer({ onFocusCell }: { onFocusCell: (index: number) => void }) {
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (onButton(event.target)) return;
    const index = cellIndexOf(event.target);
    if (index === null) return;
    onFocusCell(index);
    const item = libraryItemAt(index);
    if (!item) return;
    if (event.shiftKey) selectRangeTo(item, index);
    else if (event.ctrlKey || event.metaKey) void toggleSelected(item, index);
    else selectOnly(item, index);
  };

  const onDoubleClick = (event: MouseEvent<HTMLDivElement>) => {
    if (onButton(event.target)) return;
    const index = cellIndexOf(event.target);
    const item = index === null ? undefined : libraryItemAt(index);
    if (item) openViewer(item.id);
  };

  // Electron's native file drag: the selection when the tile is in it, otherwise that tile.
  const onDragStart = (event: DragEvent<HTMLDivElement>) => {
    const index = cellIndexOf(event.target);
    const item = index === null ? undefined : libraryItemAt(index);
    if (!item || tileProblem(item) !== null) {
      event.preventDefault();
      return;
    }
    const ids = dragIdsFor(item);
    if (ids === null) {
      event.preventDefault();
      useSelectionStore.setState({ notice: `At most ${MAX_DRAG_ITEMS} images can be dragged at once; use Export… for more.` });
      return;
    }
    void startNativeDrag(event, ids).then((result) => {
      if (!result.ok) showActionError(result.error);
      else {
        const notice = dragNotice(result.value);
        if (notice !== null) showToast(notice, false);
      }
    });
  };

  // A press on a tile may become a drag: what it would drag is made ready while the pointer moves.
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    const index = cellIndexOf(event.target);
    const item = index === null ? undefined : libraryItemAt(index);
    if (!item || tileProblem(item) !== null) return;
    const ids = dragIdsFor(item);
    if (ids !== null) prepareDrag(ids);
  };

  // Shift+click selects a range, not the text between the two clicks.
  const onMouseDown = (event: MouseEvent<HTMLDivElement>) => {
    if (event.shiftKey) event.preventDefault();
  };

  return { onClick, onDoubleClick, onDragStart, onPointerDown, onMouseDown };
}
