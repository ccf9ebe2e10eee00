import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { openSeededLibrary } from './support';

/**
 * Tiles that mount while the view flies past (a jump by scrollbar or key) show their placeholder
 * and load their thumbnail once the view stops (library-tile.tsx `useThumbnailAllowed`); a person
 * scrolling a little at a time loads thumbnails as the tiles arrive. Both halves can fail: a jump
 * whose tiles never waited, a wait that never ends, a slow scroll that waits.
 */

const ITEMS = 3_000;

/** Counts, from now on, the tile frames that mount and those that start waiting for the view to stop. */
const watchWaiting = (grid: Locator) =>
  grid.evaluate((scroller) => {
    const record = window as unknown as { __waited: number; __mounted: number };
    record.__waited = 0;
    record.__mounted = 0;
    const matching = (node: HTMLElement, selector: string) => (node.matches(selector) ? 1 : 0) + node.querySelectorAll(selector).length;
    const count = (node: Node) => {
      if (!(node instanceof HTMLElement)) return;
      record.__waited += matching(node, '[data-thumbnail="waiting"]');
      record.__mounted += matching(node, '.tile-frame');
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        if (mutation.type === 'attributes') {
          if (mutation.target instanceof HTMLElement && mutation.target.matches('[data-thumbnail="waiting"]')) record.__waited += 1;
        } else mutation.addedNodes.forEach(count);
      }
    }).observe(scroller, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-thumbnail'] });
  });

const waitedSoFar = (grid: Locator) => grid.evaluate(() => (window as unknown as { __waited: number }).__waited);
const mountedSoFar = (grid: Locator) => grid.evaluate(() => (window as unknown as { __mounted: number }).__mounted);

/** Tiles inside the view (cells waiting for their page included): how many, and how many show their thumbnail, loaded. */
const tilesInView = (grid: Locator) =>
  grid.evaluate((scroller) => {
    const box = scroller.getBoundingClientRect();
    const frames = [...scroller.querySelectorAll('.tile-frame')].filter((frame) => {
      const rect = frame.getBoundingClientRect();
      return rect.bottom > box.top && rect.top < box.bottom;
    });
    const shown = frames.filter((frame) => {
      const image = frame.querySelector('img');
      return image !== null && image.complete && image.naturalWidth > 0;
    });
    return { tiles: frames.length, shown: shown.length };
  });

/** Every tile in the view shows its loaded thumbnail (none waiting, none still loading its page). */
async function allInViewShown(grid: Locator): Promise<boolean> {
  const { tiles, shown } = await tilesInView(grid);
  return tiles > 0 && shown === tiles;
}

test('tiles a jump flies past wait for the view to stop, then load; a slow scroll loads at once', async ({ launchStudio, dataDir }) => {
  test.setTimeout(300_000); // a hang guard while seeding on a busy machine, not a speed limit
  const { page, grid } = await openSeededLibrary(launchStudio, dataDir, ITEMS);
  await expect.poll(async () => (await tilesInView(grid)).shown).toBeGreaterThan(0);

  // A jump to the middle of the library, as a drag of the scrollbar lands.
  await watchWaiting(grid);
  await grid.evaluate((scroller) => {
    scroller.scrollTop = scroller.scrollHeight / 2;
  });
  await expect.poll(() => waitedSoFar(grid)).toBeGreaterThan(0);
  // Once the view has stopped, every tile in it shows its thumbnail.
  await expect.poll(() => allInViewShown(grid)).toBe(true);

  // A person scrolling a little at a time: the tiles coming into view never wait.
  await watchWaiting(grid);
  await grid.hover();
  for (let step = 0; step < 8; step += 1) {
    await page.mouse.wheel(0, 60);
    await expect.poll(() => allInViewShown(grid)).toBe(true);
  }
  // Tiles did mount on the way (else "none waited" would say nothing).
  expect(await mountedSoFar(grid)).toBeGreaterThan(0);
  expect(await waitedSoFar(grid)).toBe(0);
});
