import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CdpBrowser } from './cdp/cdp-browser';
import { dragScrollbarToEnd, settle, wheelThrough, WHEEL_PX, WHEEL_STEPS } from './scroll-drive';
import { longTasksSince, pageNow, PAGE_SCRIPT, proveProbe, summarize, type LongTaskSummary } from './scroll-probe';

/**
 * The floor for the scroll figures: what the same Chromium spends on its own scrolling the same
 * thumbnails with no app at all. A static page (no script after load) with a scroller of the app's
 * size holding plain rows of plain <img loading="lazy" decoding="async"> of the app's row height and
 * tiles per row, every tile a real thumbnail from the same server, as many rows as the wheel phase
 * covers plus a screen. It is scrolled exactly as the app is (scroll-drive.ts: wheel, scrollbar to
 * the bottom, End). Its long tasks are the engine's: style, layout and paint of what scrolls into
 * view, image decodes that land on the main thread. The app cannot beat it with the same pixels on
 * screen; the gap between the two is what the app adds.
 *
 * Not the same work in one respect: the static page is laid out once, at load (not measured), while
 * the app lays out rows as pages arrive; that difference is exactly the app's cost this compares.
 */

export interface FloorGeometry {
  origin: string;
  width: number;
  height: number;
  rowHeight: number;
  tilesPerRow: number;
  gap: number;
  /** The page's size, as the app's page had it. */
  viewport: { width: number; height: number };
  /** Item ids for the thumbnails, newest first; cycled when there are fewer than tiles. */
  ids: readonly string[];
  mediaBase: string;
}

export interface FloorReport extends LongTaskSummary {
  probeRecordedMs: number | null;
  tiles: number;
  heapMb: number;
}

function floorHtml(geometry: FloorGeometry, rows: number): string {
  const { width, height, rowHeight, tilesPerRow, gap, ids, mediaBase } = geometry;
  const tileWidth = Math.floor((width - gap * (tilesPerRow - 1)) / tilesPerRow);
  let tile = 0;
  const rowHtml: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    const images: string[] = [];
    for (let column = 0; column < tilesPerRow; column += 1, tile += 1) {
      const id = ids[tile % ids.length]!;
      images.push(`<img src="${mediaBase}/thumb/${encodeURIComponent(id)}" width="${tileWidth}" height="${rowHeight}" loading="lazy" decoding="async" alt="">`);
    }
    rowHtml.push(`<div class="row">${images.join('')}</div>`);
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>floor</title><style>
  body { margin: 0; }
  #scroller { width: ${width}px; height: ${height}px; overflow-y: auto; overflow-x: hidden; }
  .row { display: flex; gap: ${gap}px; height: ${rowHeight}px; margin-bottom: ${gap}px; }
  img { object-fit: cover; border-radius: 6px; display: block; }
</style></head><body><div id="scroller" tabindex="0">${rowHtml.join('')}</div></body></html>`;
}

/** The floor page from a server of its own on 127.0.0.1 (the thumbnails come from the app's media server, by absolute URL). */
async function serveFloorPage(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/bench-floor.html`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function benchFloor(browser: CdpBrowser, geometry: FloorGeometry): Promise<FloorReport> {
  const rows = Math.ceil((WHEEL_STEPS * WHEEL_PX + geometry.height) / (geometry.rowHeight + geometry.gap)) + 1;
  const served = await serveFloorPage(floorHtml({ ...geometry, mediaBase: `${geometry.origin}${geometry.mediaBase}` }, rows));
  const page = await browser.newPage(geometry.viewport);
  try {
    await page.addInitScript(PAGE_SCRIPT);
    await page.goto(served.url);
    const scroller = '#scroller';
    await settle(page, scroller);
    const probeRecordedMs = await proveProbe(page);

    const since = await pageNow(page);
    await wheelThrough(page, scroller);
    await dragScrollbarToEnd(page, scroller);
    await page.evaluate(`document.querySelector(${JSON.stringify(scroller)}).focus()`);
    await page.press('Home');
    await settle(page, scroller);
    await page.press('End');
    await settle(page, scroller);
    const tasks = await longTasksSince(page, since);
    return { probeRecordedMs, tiles: rows * geometry.tilesPerRow, heapMb: await page.heapAfterGcMb(), ...summarize(tasks) };
  } finally {
    await page.close();
    await served.close();
  }
}
