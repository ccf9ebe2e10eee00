import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../electron/main/services/library/database';
import { startFakeAiml } from '../../tests/fake-aiml/server';
import { RENDERER_BUNDLE } from '../../tests/e2e/harness/browser-studio';
import { HARNESS_MEDIA_BASE } from '../../tests/e2e/harness/renderer-server';
import { createMemorySecretStore } from '../../tests/support/memory-secret-store';
import { seedLibrary } from '../../tests/support/seed-library';
import { launchCdpChromium, networkAgentEnabled } from './cdp/cdp-browser';
import type { CdpPage } from './cdp/cdp-page';
import { openCdpStudio } from './cdp/cdp-studio';
import { dragScrollbarToEnd, settle, wheelThrough } from './scroll-drive';
import { benchFloor, type FloorGeometry, type FloorReport } from './scroll-floor';
import { inPage, longTasksSince, pageNow, PAGE_SCRIPT, proveProbe, summarize, type Box } from './scroll-probe';
import { round } from './stats';
import { phaseClock } from './scroll-phases';
import { startScrollTrace } from './scroll-trace';
import { isEntryModule } from './entry';

/**
 * The gallery scrolling a big library in real Chromium: the built renderer (out/renderer) with the
 * real main-process services behind `window.reverie` under Node, as the e2e suite runs it
 * (tests/e2e/harness), driven over a bare DevTools connection with no Network agent, as a user's
 * app runs (cdp/cdp-browser.ts says why not Playwright). A person's session: wheel through a few
 * thousand images, click one, drag the scrollbar to the bottom in steps (pausing until what is on
 * screen has loaded), then Home and End.
 */

export interface ScrollReport {
  items: number;
  /** The deliberate ~80 ms task as the probe recorded it; null: the probe did not see it, and the figures below are null. */
  probeRecordedMs: number | null;
  /** Long tasks (≥ 50 ms) on the page's main thread from the first wheel step to the last item shown. Goal: worst ≤ 50 ms. */
  scrollLongTasks: number | null;
  scrollWorstLongTaskMs: number | null;
  scrollTotalLongTaskMs: number | null;
  /** The renderer's JS heap after the scroll and a forced GC, in MB. */
  scrollHeapMb: number;
  /** Long tasks while the app started and showed its first screen (not part of the goal; for reference). */
  startLongTasks: number;
  startWorstLongTaskMs: number;
  scrolledByWheelPx: number;
  /** Grid cells in the page at the end: the virtualized DOM's size. */
  tilesInPage: number;
  /** The same Chromium scrolling the same thumbnails on a static page, scrolled the same way (scroll-floor.ts). */
  floorLongTasks: number | null;
  floorWorstLongTaskMs: number | null;
  floorHeapMb: number;
  floor: FloorReport;
  scrollSeconds: number;
  /** Whether the page had DevTools' Network agent enabled, as Playwright's pages do (REVERIE_BENCH_NETWORK_AGENT=1; cdp/cdp-browser.ts). */
  networkAgent: boolean;
}

/** `npm run bench` in a fresh clone has no renderer bundle yet: build it (electron-vite, as `npm run build` does minus the typecheck). */
function ensureRendererBuilt() {
  if (existsSync(join(RENDERER_BUNDLE, 'index.html'))) return;
  console.error('scroll bench: no renderer bundle in out/renderer, building it (npx electron-vite build)…');
  execFileSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The gallery's scroller (the grid is the only one in the page). */
const GRID = '[role="grid"].library-scroller';

type FloorGeometryOfRows = Pick<FloorGeometry, 'width' | 'height' | 'rowHeight' | 'tilesPerRow' | 'gap'>;

const newestIds = (root: string, count: number): string[] => {
  const db = openDatabase(join(root, 'library.sqlite'));
  try {
    const rows = db.prepare('SELECT id FROM generations ORDER BY created_at DESC LIMIT ?').all(count);
    return rows.map((row) => String(row.id));
  } finally {
    db.close();
  }
};

/** Whether an <img> named `name` is on screen in the gallery. */
const imageShown = (name: string) =>
  `[...document.querySelectorAll(${JSON.stringify(`${GRID} img`)})].some((image) => image.alt === ${JSON.stringify(name)} && image.getBoundingClientRect().height > 0)`;

async function showImage(page: CdpPage, name: string) {
  await page.waitFor(imageShown(name), `the image "${name}" in the gallery`);
}

/** Presses a dialog's button by its text, as a click would (setting up, not measured). */
async function pressButton(page: CdpPage, dialogName: string, button: string) {
  const find = `[...document.querySelectorAll('[role="dialog"], dialog')].filter((dialog) => (dialog.getAttribute('aria-label') ?? document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent ?? '').trim() === ${JSON.stringify(dialogName)}).flatMap((dialog) => [...dialog.querySelectorAll('button')]).find((node) => node.textContent.trim() === ${JSON.stringify(button)})`;
  await page.waitFor(find, `the "${button}" button of the "${dialogName}" dialog`);
  await page.evaluate(`(${find}).click()`);
}

export async function benchScroll(items: number): Promise<ScrollReport> {
  ensureRendererBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), 'reverie-bench-scroll-'));
  const fake = await startFakeAiml();
  const browser = await launchCdpChromium();
  const viewport = { width: 1280, height: 800 };
  try {
    const seeded = await seedLibrary(join(dataDir, 'library'), items);
    const page = await browser.newPage(viewport);
    await page.addInitScript(PAGE_SCRIPT);
    // REVERIE_BENCH_RENDERER=<folder>: that renderer bundle instead of out/renderer (e.g. one built
    // from an older commit, to compare two builds on the same machine in the same hour).
    const rendererRoot = process.env.REVERIE_BENCH_RENDERER;
    const studio = await openCdpStudio(page, {
      dataDir,
      secretStore: createMemorySecretStore(),
      apiBaseUrl: fake.baseUrl,
      ...(rendererRoot ? { rendererRoot } : {}),
    });
    try {
      // No key is stored: the first-start welcome opens over the studio; this is about the gallery.
      await pressButton(page, 'Welcome to Reverie', 'Later');
      const count = `${items.toLocaleString('en')} images`;
      await page.waitFor(`document.body.textContent.includes(${JSON.stringify(count)})`, `"${count}" in the library`);
      await showImage(page, seeded.newestPrompt);
      await settle(page, GRID);
      const start = summarize(await longTasksSince(page, 0));

      const probeRecordedMs = await proveProbe(page);
      if (probeRecordedMs === null) {
        console.error('\n!!! scroll bench: THE LONG-TASK PROBE DID NOT RECORD A DELIBERATE 80 ms TASK. No scroll figure of this run means anything. !!!\n');
      }

      // REVERIE_BENCH_TRACE=<file>: a trace and CPU profile of the scroll, to find what its long tasks are (scroll-trace.ts).
      const traceFile = process.env.REVERIE_BENCH_TRACE;
      const trace = traceFile ? await startScrollTrace(page, traceFile) : null;
      const began = Date.now();
      const since = await pageNow(page);
      const phases = await phaseClock(page);
      const scrolledByWheelPx = await wheelThrough(page, GRID);
      await phases.mark('wheel');
      const cellId = await inPage<string | null>(page, '__benchVisibleCell', GRID);
      await phases.mark('finding a tile to click');
      if (cellId) {
        // Near the top left corner, clear of the tile's buttons.
        const cell = await inPage<Box>(page, '__benchBoxOf', `[id="${cellId}"]`);
        await page.click(cell.left + 12, cell.top + 12);
      }
      await phases.mark('click');
      await dragScrollbarToEnd(page, GRID);
      await phases.mark('scrollbar drag');
      await page.press('Home');
      await showImage(page, seeded.newestPrompt);
      await phases.mark('Home');
      await page.press('End');
      await showImage(page, seeded.oldestPrompt);
      await settle(page, GRID);
      await phases.mark('End');
      await trace?.stop();
      const scrollTasks = await longTasksSince(page, since);
      const scroll = summarize(scrollTasks);
      if (process.env.REVERIE_BENCH_PHASES === '1') console.error(phases.report(scrollTasks));
      const scrollSeconds = (Date.now() - began) / 1000;

      const tilesInPage = await page.evaluate<number>(`document.querySelectorAll(${JSON.stringify(`${GRID} [role="gridcell"]`)}).length`);
      const geometry = await inPage<FloorGeometryOfRows>(page, '__benchRowGeometry', GRID);
      const scrollHeapMb = await page.heapAfterGcMb();
      // The app's page is done: close it so the floor has the machine to itself (the server stays up).
      await page.close();
      const floor = await benchFloor(browser, {
        ...geometry,
        viewport,
        origin: studio.origin,
        mediaBase: HARNESS_MEDIA_BASE,
        ids: newestIds(seeded.root, 4000),
      });

      const trusted = probeRecordedMs !== null;
      return {
        items,
        probeRecordedMs: probeRecordedMs === null ? null : round(probeRecordedMs, 0),
        scrollLongTasks: trusted ? scroll.longTasks : null,
        scrollWorstLongTaskMs: trusted ? round(scroll.worstLongTaskMs, 0) : null,
        scrollTotalLongTaskMs: trusted ? round(scroll.totalLongTaskMs, 0) : null,
        scrollHeapMb: round(scrollHeapMb, 1),
        startLongTasks: start.longTasks,
        startWorstLongTaskMs: round(start.worstLongTaskMs, 0),
        scrolledByWheelPx,
        tilesInPage,
        floorLongTasks: floor.probeRecordedMs === null ? null : floor.longTasks,
        floorWorstLongTaskMs: floor.probeRecordedMs === null ? null : round(floor.worstLongTaskMs, 0),
        floorHeapMb: round(floor.heapMb, 1),
        floor,
        scrollSeconds: round(scrollSeconds, 1),
        networkAgent: networkAgentEnabled(),
      };
    } finally {
      await studio.close();
    }
  } finally {
    await browser.close();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

// `npx tsx scripts/bench/scroll.ts [items]`: this figure alone.
if (isEntryModule(import.meta.url)) {
  console.log(JSON.stringify(await benchScroll(Number(process.argv[2] ?? 100_000)), null, 2));
}
