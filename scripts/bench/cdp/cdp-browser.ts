import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../../../tests/e2e/harness/chromium';
import { CdpConnection } from './cdp-connection';
import { CdpPage } from './cdp-page';

/**
 * Chromium driven over a bare DevTools Protocol connection, for the scroll bench. Playwright cannot
 * measure a page that loads thousands of images: it enables the Network domain on every page it
 * attaches to (it needs it for requests and routes), and an enabled Network agent keeps a record
 * of every response. Blink's record of an image holds a weak reference to its resource, and when
 * the resource dies the record copies its bytes, base64-encoded, into DevTools' buffer from inside
 * the garbage collector's pause (third_party/blink/renderer/core/inspector/network_resources_data.cc,
 * ResourceData::ProcessCustomWeakness, registered as a custom weak callback in ResourceData::Trace).
 * Scrolling past a few thousand thumbnails then makes 100–400 ms collections (CppGC
 * CustomCallbacksProcessing in a trace) that a user's app, with no DevTools attached, never has.
 * Here only what the bench needs is enabled: Page (navigation), the Input and Runtime calls it
 * sends, and a binding for the app's bridge. REVERIE_BENCH_NETWORK_AGENT=1 enables Network too,
 * as Playwright does, to show the difference.
 */

/** Playwright's own switches for an automated headless Chromium that matter to how a page runs (chromiumSwitches.ts, crBrowser.ts). */
const AUTOMATION_SWITCHES = [
  '--headless',
  '--hide-scrollbars',
  '--mute-audio',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-ipc-flooding-protection',
  '--disable-hang-monitor',
  '--disable-extensions',
  '--disable-default-apps',
  '--force-color-profile=srgb',
  '--no-default-browser-check',
  '--password-store=basic',
  '--use-mock-keychain',
];

/** REVERIE_BENCH_NETWORK_AGENT=1: pages get DevTools' Network agent, as Playwright's do (see above). */
export const networkAgentEnabled = (): boolean => process.env.REVERIE_BENCH_NETWORK_AGENT === '1';

/** REVERIE_BENCH_CHROMIUM_ARGS="<switches>": more Chromium switches, space-separated (e.g. `--js-flags=--no-concurrent-osr`), to compare. */
const extraSwitches = (): string[] => (process.env.REVERIE_BENCH_CHROMIUM_ARGS ?? '').split(' ').filter((part) => part !== '');

export interface CdpBrowser {
  newPage(viewport: { width: number; height: number }): Promise<CdpPage>;
  close(): Promise<void>;
}

/** The DevTools endpoint Chromium prints on stderr once it listens. */
function devtoolsUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (found) {
        child.stderr?.off('data', onData);
        resolve(found[1]!);
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}) before DevTools listened:\n${seen.slice(-2000)}`)));
  });
}

export async function launchCdpChromium(): Promise<CdpBrowser> {
  const options = chromiumLaunchOptions();
  const executable = options.executablePath ?? chromium.executablePath();
  const profile = await mkdtemp(join(tmpdir(), 'reverie-bench-chromium-'));
  const child = spawn(
    executable,
    [...AUTOMATION_SWITCHES, ...(options.args ?? []), ...extraSwitches(), '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const url = await devtoolsUrl(child);
  // Chromium keeps writing to stderr; unread, the pipe would fill and stall it.
  child.stderr?.resume();
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`Could not connect to ${url}`)), { once: true });
  });
  const connection = new CdpConnection(socket);
  const withNetworkAgent = networkAgentEnabled();
  return {
    async newPage(viewport) {
      const { targetId } = await connection.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await connection.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
      const page = new CdpPage(connection, sessionId, targetId);
      await page.open(viewport, { withNetworkAgent });
      return page;
    },
    async close() {
      await connection.send('Browser.close').catch(() => undefined);
      socket.close();
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      await rm(profile, { recursive: true, force: true });
    },
  };
}
