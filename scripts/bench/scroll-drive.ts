import type { Page } from 'playwright';
import { inPage, nextFrame } from './scroll-probe';

/**
 * How the scroll bench moves a scroller (found by a CSS selector), the same way for the app's gallery
 * and for the floor page: a person browsing with the wheel, then dragging the scrollbar to the bottom
 * in steps with a pause at each (until what is on screen has loaded), then jumping with the keyboard.
 */

export const WHEEL_STEPS = 120;
export const WHEEL_PX = 1200;
export const SCROLLBAR_STEPS = 60;

/** Until what is on screen has loaded (PAGE_SCRIPT's __benchSettle), then a frame. */
export async function settle(page: Page, scroller: string): Promise<void> {
  await inPage<boolean>(page, '__benchSettle', scroller);
  await nextFrame(page);
}

const scrollTopOf = (page: Page, scroller: string) => page.locator(scroller).evaluate((element) => element.scrollTop);

/** Wheel steps over the scroller, a frame after each, as a person browses. Returns the px scrolled. */
export async function wheelThrough(page: Page, scroller: string): Promise<number> {
  await page.locator(scroller).hover();
  for (let step = 0; step < WHEEL_STEPS; step += 1) {
    await page.mouse.wheel(0, WHEEL_PX);
    await nextFrame(page);
  }
  return scrollTopOf(page, scroller);
}

/** The scrollbar dragged from where the view is to the bottom, in steps, each left to settle. */
export async function dragScrollbarToEnd(page: Page, scroller: string): Promise<void> {
  const from = await scrollTopOf(page, scroller);
  for (let step = 1; step <= SCROLLBAR_STEPS; step += 1) {
    await page.locator(scroller).evaluate(
      (element, { start, fraction }) => {
        // The bottom moves as rows re-flow: aim at the bottom as it is now.
        const bottom = element.scrollHeight - element.clientHeight;
        element.scrollTop = start + (bottom - start) * fraction;
      },
      { start: from, fraction: step / SCROLLBAR_STEPS },
    );
    await settle(page, scroller);
  }
}
