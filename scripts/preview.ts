// `npm run preview`: the studio in a Chromium app window with the real main-process services behind
// it, for machines where the Electron binary cannot be fetched. The API is the bundled fake unless
// REVERIE_API_BASE_URL is set. Data lives in .reverie-dev/preview (or REVERIE_DATA_DIR) and the key
// in the keychain entry `Reverie-preview` (or REVERIE_KEYCHAIN_SERVICE), apart from the app's own.
// REVERIE_PREVIEW_DEBUG_PORT opens Chromium's DevTools port on 127.0.0.1 (0 picks a free one), so a
// test can drive the window with Playwright's `connectOverCDP`.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createKeytarSecretStore } from '../electron/main/adapters/keytar-secret-store';
import { openBrowserStudio, type BrowserStudio } from '../tests/e2e/harness/browser-studio';
import { FAKE_VALID_KEY, startFakeAiml, type FakeAiml } from '../tests/fake-aiml/server';
import { openAppWindow, type AppWindow } from './preview/app-window';
import { createPreviewDesktop, type Say } from './preview/preview-desktop';
import { messageOf } from '../electron/shared/errors';

const say: Say = (line) => console.log(`preview: ${line}`);

if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error('preview: no display to open a window on. Run it from a desktop session, or under `xvfb-run -a npm run preview`.');
  process.exit(1);
}
const debugPort = parseDebugPort(process.env.REVERIE_PREVIEW_DEBUG_PORT);
// First, so whoever started it (a test, a supervisor) can stop this process by its id, even mid-start.
say(`starting (process ${process.pid})`);

const dataDir = resolve(process.env.REVERIE_DATA_DIR ?? '.reverie-dev/preview');
await mkdir(dataDir, { recursive: true });
let fake: FakeAiml | null = null;
let shownWindow: AppWindow | null = null;
let studio: BrowserStudio | null = null;

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  await studio?.close().catch(() => undefined);
  await shownWindow?.close();
  await fake?.close();
  say('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  fake = process.env.REVERIE_API_BASE_URL ? null : await startFakeAiml();
  const apiBaseUrl = process.env.REVERIE_API_BASE_URL ?? fake!.baseUrl;
  const appWindow = await openAppWindow({ debugPort });
  shownWindow = appWindow;
  // Closing the window (or the browser going away) ends the preview, as closing the app would.
  appWindow.page.on('close', () => void stop(0));
  appWindow.context.on('close', () => void stop(0));
  // A script error in the page would otherwise leave an empty window with no word why.
  appWindow.page.on('pageerror', (error) => say(`error in the page: ${error.message}`));

  studio = await openBrowserStudio(appWindow.context, {
    dataDir,
    secretStore: createKeytarSecretStore(process.env.REVERIE_KEYCHAIN_SERVICE ?? 'Reverie-preview', 'aimlapi'),
    apiBaseUrl,
    page: appWindow.page,
    desktop: createPreviewDesktop(() => appWindow.page, say),
  });

  console.log(`Reverie preview: data in ${dataDir}, API at ${apiBaseUrl}`);
  if (fake) console.log(`The bundled fake API accepts the key ${FAKE_VALID_KEY}`);
  console.log('File dialogs are asked in the window; clipboard, drag-out, "Show in folder" and notifications are only reported here.');
  if (appWindow.debugEndpoint) say(`DevTools listening on ${appWindow.debugEndpoint}`);
  console.log('Close the window or press Ctrl+C to stop.');
} catch (error) {
  console.error(`preview: could not start: ${messageOf(error)}`);
  await stop(1);
}

function parseDebugPort(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const port = Number(value);
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  console.error(`preview: REVERIE_PREVIEW_DEBUG_PORT must be a port number (0 picks a free one), not "${value}".`);
  process.exit(1);
}
