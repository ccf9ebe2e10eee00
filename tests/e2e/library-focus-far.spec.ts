import { expect, test } from './fixtures';
import { openSeededLibrary } from './support';

/**
 * The grid keeps the focused tile's row rendered wherever the view is (its one tab stop must not
 * vanish from the page), and the library store keeps that tile's page (library-pages.ts `focused`):
 * without it the row stays rendered as "Loading" cells once the view is far enough away for the
 * page to be dropped, and a screen reader (or anything waiting for the grid to be done) meets a
 * grid that never stops being busy.
 */

const ITEMS = 3_000;

test('the focused tile stays a named, loaded tile while the view is far away', async ({ launchStudio, dataDir }) => {
  test.setTimeout(300_000); // a hang guard while seeding on a busy machine, not a speed limit
  const { grid } = await openSeededLibrary(launchStudio, dataDir, ITEMS);

  // The grid's tab stop: the first tile, focused as Tab reaches it.
  const tabStop = grid.locator('[role="gridcell"][tabindex="0"]');
  // Its page in (tiles mount in a transition after the first reply), so it has its image's name.
  await expect(tabStop).not.toHaveAttribute('aria-busy', 'true');
  await tabStop.focus();
  const focusedId = await tabStop.getAttribute('id');
  const name = await tabStop.getAttribute('aria-label');
  expect(focusedId).toBeTruthy();
  expect(name).not.toBe('Loading');

  // To the end of the library, as a drag of the scrollbar lands: thousands of items away. The view
  // stays at the end while the rows re-flow as their pages arrive (library-anchor.spec.ts).
  await grid.evaluate((scroller) => {
    scroller.scrollTop = scroller.scrollHeight;
  });

  // Everything in the grid loads, the far focused row included, and focus stayed on that tile.
  await expect(grid.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect(grid.locator(`[role="gridcell"][data-position="${ITEMS - 1}"]`)).toBeInViewport();
  const focused = grid.locator(`[id="${focusedId}"]`);
  await expect(focused).toHaveAttribute('aria-label', name!);
  expect(await focused.evaluate((cell) => cell === document.activeElement)).toBe(true);
});
