import { rowAtOffset, rowOfTile, type GalleryLayout } from './library-grid-layout';

/**
 * Keeping the view on what it showed while the gallery's rows re-flow (a page arriving changes the
 * rows' heights above and around the view): the tile to keep, and how far a person scrolled while
 * the new position waited for its frame.
 */

/** What the scroll position is kept on when the rows re-flow: a tile, and how far the view's top is below its row's top. */
export function anchorOf(
  layout: GalleryLayout,
  offset: number,
  focusTile: number,
  viewportHeight: number,
  gap: number,
): { tile: number; delta: number } | null {
  if (offset <= 0 || layout.rowCount === 0) return null;
  const focusRow = layout.row(rowOfTile(layout, focusTile));
  // The focused tile when it is on screen (a jump with End lands on it), else the first row on screen.
  if (focusRow && focusRow.top >= offset && focusRow.top + focusRow.height <= offset + viewportHeight) return { tile: focusTile, delta: offset - focusRow.top };
  const row = layout.row(rowAtOffset(layout, offset, gap));
  return row ? { tile: row.start, delta: offset - row.top } : null;
}

/**
 * How far the view moved between the re-flow (`before`, the old rows' offset) and the frame that
 * writes the anchored position (`now`), counting only a person's scroll. When the new rows end
 * above `before`, the browser moves the view to their end on its own (`clamped`): that move is
 * not a scroll to keep, or the view would go up by the rows' shrink twice (once in the anchored
 * position, once more here). A person's scroll during a frame that also clamps counts from the clamp.
 */
export function scrolledMeanwhile(before: number, clamped: number, now: number): number {
  return now === before ? 0 : now - clamped;
}
