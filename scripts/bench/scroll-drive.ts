import type { CdpPage } from './cdp/cdp-page';
import { inPage, nextFrame, type Box } from './scroll-probe';

/**
 * How the scroll bench moves a scroller (found by a CSS selector), the same way for the app's gallery
 * and for the floor page: a person browsing with the wheel, then dragging the scrollbar to the bottom
 * in steps with a pause at each (until what is on screen has loaded), then jumping with the keyboard.
 */

export const WHEEL_STEPS = 120;
export const WHEEL_PX = 1200;
export const SCROLLBAR_STEPS = 60;

/** Until what is on screen has loaded (PAGE_SCRIPT's __benchSettle), then a frame. */
export async function settle(page: CdpPage, scroller: string): Promise<void> {
  await inPage<boolean>(page, '__benchSettle', scroller);
  await nextFrame(page);
}

const scrollTopOf = (page: CdpPage, scroller: string) => page.evaluate<number>(`document.querySelector(${JSON.stringify(scroller)}).scrollTop`);

/** The pointer over the middle of an element, as a person's hand on the mouse. */
export async function hover(page: CdpPage, selector: string): Promise<{ x: number; y: number }> {
  const box = await inPage<Box>(page, '__benchBoxOf', selector);
  const center = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  await page.moveMouse(center.x, center.y);
  return center;
}

/** Wheel steps over the scroller, a frame after each, as a person browses. Returns the px scrolled. */
export async function wheelThrough(page: CdpPage, scroller: string): Promise<number> {
  const { x, y } = await hover(page, scroller);
  for (let step = 0; step < WHEEL_STEPS; step += 1) {
    await page.wheel(x, y, WHEEL_PX);
    await nextFrame(page);
  }
  return scrollTopOf(page, scroller);
}

/** The scrollbar dragged from where the view is to the bottom, in steps, each left to settle. */
export async function dragScrollbarToEnd(page: CdpPage, scroller: string): Promise<void> {
  const from = await scrollTopOf(page, scroller);
  for (let step = 1; step <= SCROLLBAR_STEPS; step += 1) {
    // The bottom moves as rows re-flow: aim at the bottom as it is now.
    await page.evaluate(`(() => {
      const element = document.querySelector(${JSON.stringify(scroller)});
      const bottom = element.scrollHeight - element.clientHeight;
      element.scrollTop = ${from} + (bottom - ${from}) * ${step / SCROLLBAR_STEPS};
    })()`);
    await settle(page, scroller);
  }
}
