/**
 * Back to the gallery: the grid's one tab stop (the tile that has focus, or the first) takes focus.
 * For actions that end elsewhere (the selection bar's forms), so focus does not stay on a button
 * that just went away or fall to the page.
 */
export function focusGridTile(): boolean {
  const cell = document.querySelector<HTMLElement>('.library-scroller [role="gridcell"][tabindex="0"]');
  if (!cell) return false;
  cell.focus({ preventScroll: true });
  return true;
}
