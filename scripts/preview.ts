// `npm run preview`: the studio in Chromium with the real main-process services behind it, for
// machines where the Electron binary cannot be fetched. The API is the bundled fake unless
// REVERIE_API_BASE_URL is set. Data lives in .reverie-dev/preview (or REVERIE_DATA_DIR) and the key
// in the keychain entry `Reverie-preview` (or REVERIE_KEYCHAIN_SERVICE), apart from the app's own.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chromium } from 'playwright';
import { createKeytarSecretStore } from '../electron/main/adapters/keytar-secret-store';
import { chromiumLaunchOptions } from '../tests/e2e/harness/chromium';
import { openBrowserStudio } from '../tests/e2e/harness/browser-studio';
import { FAKE_VALID_KEY, startFakeAiml } from '../tests/fake-aiml/server';

if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error('preview: no display to open a window on. Run it from a desktop session, or under `xvfb-run -a npm run preview`.');
  process.exit(1);
}

const dataDir = resolve(process.env.REVERIE_DATA_DIR ?? '.reverie-dev/preview');
await mkdir(dataDir, { recursive: true });
const fake = process.env.REVERIE_API_BASE_URL ? null : await startFakeAiml();
const apiBaseUrl = process.env.REVERIE_API_BASE_URL ?? fake!.baseUrl;

const browser = await chromium.launch({ ...chromiumLaunchOptions(), headless: false });
const context = await browser.newContext({ viewport: null });
const studio = await openBrowserStudio(context, {
  dataDir,
  secretStore: createKeytarSecretStore(process.env.REVERIE_KEYCHAIN_SERVICE ?? 'Reverie-preview', 'aimlapi'),
  apiBaseUrl,
});

console.log(`Reverie preview: data in ${dataDir}, API at ${apiBaseUrl}`);
if (fake) console.log(`The bundled fake API accepts the key ${FAKE_VALID_KEY}`);
console.log('Close the window or press Ctrl+C to stop.');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await studio.close().catch(() => undefined);
  await browser.close().catch(() => undefined);
  await fake?.close();
  process.exit(0);
}
studio.page.on('close', () => void stop());
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
