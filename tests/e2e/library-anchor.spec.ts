import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { library, openSeededLibrary } from './support';

/**
 * The gallery keeps the view on what the person is looking at when its rows re-flow (another tile
 * size, another window width): the tile at the top of the view stays where it was on screen, rather
 * than the same scroll offset showing other images. The grid writes that scroll position a frame
 * after the new rows (library-grid.tsx); this is the test that fails if it stops doing so.
 */

const ITEMS = 3_000;

/** The cell at the start of the row the view's top edge is in (what the grid anchors on), and where it is below that edge. */
async function tileAtTop(grid: Locator): Promise<{ id: string; below: number }> {
  return grid.evaluate((scroller) => {
    const top = scroller.getBoundingClientRect().top;
    const cells = [...scroller.querySelectorAll<HTMLElement>('[role="gridcell"]')]
      .map((cell) => ({ id: cell.id, rect: cell.getBoundingClientRect() }))
      .filter(({ rect }) => rect.bottom > top + 1)
      .sort((a, b) => a.rect.top - b.rect.top || a.rect.left - b.rect.left);
    const first = cells[0];
    if (!first) throw new Error('no tile on screen');
    return { id: first.id, below: first.rect.top - top };
  });
}

/** Where the cell with `id` is below the view's top edge, or null when it is not in the page. */
const placeOf = (grid: Locator, id: string) =>
  grid.evaluate((scroller, cellId) => {
    const cell = document.getElementById(cellId);
    return cell ? cell.getBoundingClientRect().top - scroller.getBoundingClientRect().top : null;
  }, id);

async function scrollIntoLibrary(page: Page, grid: Locator): Promise<void> {
  await grid.hover();
  for (let step = 0; step < 12; step += 1) await page.mouse.wheel(0, 900);
  await expect.poll(() => grid.evaluate((scroller) => scroller.scrollTop)).toBeGreaterThan(5_000);
  // Let the wheel's last frames and the pages they asked for land before looking.
  await expect(grid.locator('[aria-busy="true"]')).toHaveCount(0);
}

test('the tile at the top of the view stays there when the tile size or the window width changes', async ({ launchStudio, dataDir }) => {
  test.setTimeout(300_000); // a hang guard while seeding and scrolling on a busy machine, not a speed limit
  const { page, grid } = await openSeededLibrary(launchStudio, dataDir, ITEMS);
  await page.setViewportSize({ width: 1440, height: 900 });
  await scrollIntoLibrary(page, grid);

  // Larger tiles: every row is taller, so the same offset would be far further down the library.
  // One step: the grid anchors on the first tile of the top row, and over several re-flows that
  // tile can move into the next row (the view then keeps the row it is in, a row lower).
  const before = await tileAtTop(grid);
  const offsetBefore = await grid.evaluate((scroller) => scroller.scrollTop);
  const size = library(page).getByRole('slider', { name: 'Tile size' });
  await size.focus();
  await size.press('ArrowRight');
  await expect.poll(() => placeOf(grid, before.id)).not.toBeNull();
  await expect.poll(async () => Math.abs((await placeOf(grid, before.id))! - before.below)).toBeLessThan(2);
  // The view did move (the rows re-flowed under it), to keep that tile in place.
  expect(Math.abs((await grid.evaluate((scroller) => scroller.scrollTop)) - offsetBefore)).toBeGreaterThan(100);

  // A narrower window: more rows, each with fewer tiles.
  const narrow = await tileAtTop(grid);
  await page.setViewportSize({ width: 1024, height: 700 });
  await expect.poll(() => placeOf(grid, narrow.id)).not.toBeNull();
  await expect.poll(async () => Math.abs((await placeOf(grid, narrow.id))! - narrow.below)).toBeLessThan(2);
});

test('a jump to the end of the library stays at the end while the last pages re-flow the rows', async ({ launchStudio, dataDir }) => {
  test.setTimeout(300_000); // a hang guard while seeding on a busy machine, not a speed limit
  const { page, grid } = await openSeededLibrary(launchStudio, dataDir, ITEMS);
  // A short window: the rows not loaded yet are estimated taller than they turn out, so the last
  // pages shrink the list below the view and the browser pulls the view up to the new end. The
  // grid once counted that pull as a scroll of the person's and moved the view up again by as
  // much, landing about a third of the way down (checked: this test failed so at this size).
  await page.setViewportSize({ width: 1280, height: 560 });
  await expect(grid.locator('[aria-busy="true"]')).toHaveCount(0);

  // As a drag of the scrollbar to its end lands: once, with nothing loaded there yet.
  const estimated = await grid.evaluate((scroller) => {
    scroller.scrollTop = scroller.scrollHeight;
    return scroller.scrollHeight;
  });
  // The pages around the end arrive and their rows replace the estimate: the list gets shorter
  // (this seeded library's last pages hold wider images than the first ones suggest).
  await expect.poll(() => grid.evaluate((scroller) => scroller.scrollHeight)).toBeLessThan(estimated * 0.9);
  await expect(grid.locator('[aria-busy="true"]')).toHaveCount(0);
  await expect.poll(() => grid.evaluate((scroller) => scroller.scrollHeight - scroller.clientHeight - scroller.scrollTop)).toBeLessThan(2);
  // The last item (positions count from 0) is on screen.
  await expect(grid.locator(`[role="gridcell"][data-position="${ITEMS - 1}"]`)).toBeInViewport();
});
