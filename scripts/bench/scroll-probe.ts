import type { CdpPage } from './cdp/cdp-page';

/**
 * The scroll bench's script in the page, installed with addInitScript so it runs before any app
 * script. Plain script text (as the e2e bridge's page scripts are): tsx would wrap named functions
 * of a TypeScript callback in a `__name` helper that does not exist in the page.
 *
 * The long-task probe: a buffered PerformanceObserver sees every long task from the first one. Long
 * tasks are main-thread tasks of 50 ms or more (https://w3c.github.io/longtasks/), the threshold the
 * issue's goal uses. Then the helpers scroll-drive.ts and scroll.ts call by name.
 */
export const PAGE_SCRIPT = `(() => {
  const tasks = [];
  Object.defineProperty(window, '__benchLongTasks', { value: tasks });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });

  const inBox = (box, rect) => rect.bottom > box.top && rect.top < box.bottom;
  // Resolves once every tile inside the scroller's box is loaded: no cell waiting for its page
  // (aria-busy) or for the view to stop before it loads its thumbnail (data-thumbnail="waiting",
  // library-tile.tsx), every <img> there complete. Gives up after 5 s: a step that never settles is
  // still measured, the bench moves on. Looks every 100 ms, at the start of a frame: the boxes it
  // reads are then the frame's own layout, not an extra one forced in the middle of the app's work.
  window.__benchSettle = (selector) => new Promise((resolve) => {
    const element = document.querySelector(selector);
    if (!element) return resolve(false);
    const giveUp = performance.now() + 5000;
    const check = () => {
      const box = element.getBoundingClientRect();
      const waiting =
        [...element.querySelectorAll('[aria-busy="true"], [data-thumbnail="waiting"]')].some((node) => inBox(box, node.getBoundingClientRect())) ||
        [...element.querySelectorAll('img')].some((image) => !image.complete && inBox(box, image.getBoundingClientRect()));
      if (!waiting) resolve(true);
      else if (performance.now() > giveUp) resolve(false);
      else setTimeout(() => requestAnimationFrame(check), 100);
    };
    requestAnimationFrame(check);
  });
  // The id of a grid cell wholly inside the scroller's box.
  window.__benchVisibleCell = (selector) => {
    const element = document.querySelector(selector);
    const box = element.getBoundingClientRect();
    for (const cell of element.querySelectorAll('[role="gridcell"][data-position]')) {
      const rect = cell.getBoundingClientRect();
      if (rect.top >= box.top && rect.bottom <= box.bottom) return cell.id;
    }
    return null;
  };
  // An element's box in the viewport's coordinates, where a person would point at it.
  window.__benchBoxOf = (selector) => {
    const rect = document.querySelector(selector).getBoundingClientRect();
    return { left: rect.left, top: rect.top, width: rect.width, height: rect.height };
  };
  // The rows as laid out on screen (mean height and tiles per row), for the floor page to copy.
  window.__benchRowGeometry = (selector) => {
    const element = document.querySelector(selector);
    const rows = [...element.querySelectorAll('[role="row"]')];
    const mean = (values) => values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
    return {
      width: element.clientWidth,
      height: element.clientHeight,
      rowHeight: Math.round(mean(rows.map((row) => row.getBoundingClientRect().height))) || 200,
      tilesPerRow: Math.max(Math.round(mean(rows.map((row) => row.children.length))), 1),
      gap: Number.parseFloat(getComputedStyle(rows[0] ?? element).columnGap) || 8,
    };
  };
})();`;

/** Calls one of PAGE_SCRIPT's helpers in the page with a CSS selector. */
export const inPage = <T>(page: CdpPage, helper: '__benchSettle' | '__benchVisibleCell' | '__benchRowGeometry' | '__benchBoxOf', selector: string) =>
  page.evaluate<T>(`window.${helper}(${JSON.stringify(selector)})`);

export interface LongTask {
  start: number;
  duration: number;
}

/** The long tasks the probe has recorded since `since` (the page's performance.now()). */
export function longTasksSince(page: CdpPage, since: number): Promise<LongTask[]> {
  return page.evaluate<LongTask[]>(`window.__benchLongTasks.filter((task) => task.start >= ${since})`);
}

export const pageNow = (page: CdpPage) => page.evaluate<number>('performance.now()');

/** How long the deliberate busy task runs: well over the 50 ms threshold, about what the app's worst tasks were. */
const DELIBERATE_MS = 80;

/**
 * Proves the probe records long tasks in this very page: a busy loop of ~80 ms run as a page task (a
 * setTimeout callback: code run through DevTools' evaluate is not a task the observer attributes)
 * must come back as a long task. Returns its recorded duration, or null when the probe did not see
 * it within a few seconds (then no figure of the run can be trusted).
 */
export async function proveProbe(page: CdpPage): Promise<number | null> {
  const since = await pageNow(page);
  await page.evaluate(`void setTimeout(() => {
    const end = performance.now() + ${DELIBERATE_MS};
    while (performance.now() < end) { /* busy on purpose */ }
  }, 0)`);
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const seen = (await longTasksSince(page, since)).find((task) => task.duration >= DELIBERATE_MS - 5);
    if (seen) return seen.duration;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

/** Waits for the page to paint a frame twice: lets the page react to a scroll before the next one. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const nextFrame = (page: CdpPage) =>
  page.evaluate<void>('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))');

export interface LongTaskSummary {
  longTasks: number;
  worstLongTaskMs: number;
  totalLongTaskMs: number;
}

export function summarize(tasks: readonly LongTask[]): LongTaskSummary {
  return {
    longTasks: tasks.length,
    worstLongTaskMs: tasks.reduce((worst, task) => Math.max(worst, task.duration), 0),
    totalLongTaskMs: tasks.reduce((sum, task) => sum + task.duration, 0),
  };
}
