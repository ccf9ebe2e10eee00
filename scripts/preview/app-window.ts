import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright';
import { MAIN_WINDOW_SIZE } from '../../electron/main/window-size';
import { chromiumLaunchOptions } from '../../tests/e2e/harness/chromium';
import { messageOf } from '../../electron/shared/errors';

/** The Electron window's background (window.ts), shown until the studio paints. */
const STARTING_PAGE = 'data:text/html,<title>Reverie</title><body style="margin:0;background:%2314121c"></body>';

export interface AppWindow {
  context: BrowserContext;
  /** The window's page, still on the starting page: install scripts, then navigate. */
  page: Page;
  /** `http://127.0.0.1:<port>` when a debugging port was asked for, for `chromium.connectOverCDP`. */
  debugEndpoint: string | null;
  close(): Promise<void>;
}

/**
 * One Chromium window in app mode (`--app`: no tabs, no address bar), sized like the Electron
 * window. It starts on a blank page of the app's background colour so the caller can install the
 * bridge before the studio loads; `--app=about:blank` is not accepted as an app, so it is a data:
 * page. A persistent context is what owns that startup window; its profile is a throwaway folder,
 * because the studio keeps nothing in the browser (main owns all data).
 */
export async function openAppWindow(options: { debugPort: number | null }): Promise<AppWindow> {
  const profile = await mkdtemp(join(tmpdir(), 'reverie-preview-browser-'));
  const base = chromiumLaunchOptions();
  const { width, height } = MAIN_WINDOW_SIZE;
  let context: BrowserContext | null = null;
  let browserPid: number | null = null;
  const close = async () => {
    await context?.close().catch(() => undefined);
    // When the window was closed by hand, Chromium is already on its way out and close() returns
    // before it has finished writing its profile; removing the folder under it would leave half of it.
    if (browserPid !== null) await processGone(browserPid);
    await rm(profile, { recursive: true, force: true, maxRetries: 5 }).catch((error: unknown) =>
      console.error(`preview: could not remove the browser profile ${profile}: ${messageOf(error)}`),
    );
  };
  try {
    context = await chromium.launchPersistentContext(profile, {
      ...base,
      headless: false,
      viewport: null,
      args: [
        ...(base.args ?? []),
        `--app=${STARTING_PAGE}`,
        `--window-size=${width},${height}`,
        // Keeps Chromium's "unsupported command-line flag" bar (for --no-sandbox) out of the app window.
        '--test-type',
        // A headed Chromium listens for DevTools on 127.0.0.1 only.
        ...(options.debugPort === null ? [] : [`--remote-debugging-port=${options.debugPort}`]),
      ],
      // Playwright opens persistent contexts on about:blank; the app window replaces that tab.
      ignoreDefaultArgs: ['about:blank'],
      // The preview stops itself on Ctrl+C and SIGTERM (closing the studio, then this window);
      // Playwright's own handlers would close the browser and exit(130) halfway through that.
      handleSIGINT: false,
      handleSIGTERM: false,
    });
    browserPid = await browserProcessId(context);
    const page = context.pages()[0] ?? (await context.waitForEvent('page'));
    const debugEndpoint = options.debugPort === null ? null : `http://127.0.0.1:${await activeDebugPort(profile)}`;
    return { context, page, debugEndpoint, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The browser process (not a renderer), as Chromium reports it over DevTools. */
async function browserProcessId(context: BrowserContext): Promise<number | null> {
  const browser = context.browser();
  if (!browser) return null;
  const session = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await session.send('SystemInfo.getProcessInfo');
    return processInfo.find((entry) => entry.type === 'browser')?.id ?? null;
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/** Waits (a few seconds at most) until the process has exited. */
async function processGone(pid: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Chromium writes the port it listens on (the one it picked, with port 0) as the first line of this
 * file once DevTools is listening, which can be a moment after the browser answers Playwright.
 */
async function activeDebugPort(profile: string): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const text = await readFile(join(profile, 'DevToolsActivePort'), 'utf8').catch(() => '');
    const port = Number(text.split('\n')[0]);
    if (Number.isInteger(port) && port > 0) return port;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('Chromium did not open the debugging port it was asked for.');
}
