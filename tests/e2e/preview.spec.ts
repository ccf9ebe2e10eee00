import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import keytar from 'keytar';
import { MAIN_WINDOW_SIZE } from '../../electron/main/window-size';
import { FAKE_VALID_KEY } from '../fake-aiml/server';
import { realKeychain, testKeychainService } from '../support/keychain';
import { expect, test } from './fixtures';
import { onPath, startPreview } from './harness/preview-process';
import { generate, library, openSettings, saveKey, thumbnailLoaded } from './support';

/**
 * `npm run preview` itself, as a person starts it: the real command (minus the build npm test has
 * done), in its own Chromium app window on a virtual display, driven over the DevTools port it opens
 * on request. Nothing here goes through the harness the other specs use, so a preview that opens a
 * blank window, or a path prompt that never answers, fails this test.
 */
test('npm run preview shows the studio, generates against the fake, backs up through the path prompt, and stops on Ctrl+C', async ({ dataDir }) => {
  test.slow(); // It boots a whole app: transpiler, browser, services. The timeout only guards against a hang.
  if (!onPath('xvfb-run')) {
    const reason = 'xvfb-run is missing (apt-get install xvfb): the preview test needs a virtual display';
    console.log(`preview.spec: skipped: ${reason}`);
    test.skip(true, reason);
  }
  const keychain = realKeychain();
  if (!keychain.ok) {
    // The preview keeps its key in the real keychain; only a throwaway one may be written to.
    console.log(`preview.spec: skipped: ${keychain.reason}`);
    test.skip(true, keychain.reason);
  }

  const keychainService = testKeychainService();
  const backupDir = await mkdtemp(join(tmpdir(), 'reverie-preview-backup-'));
  const externalApi = process.env.REVERIE_API_BASE_URL;
  const key = externalApi ? (process.env.REVERIE_TEST_API_KEY ?? FAKE_VALID_KEY) : FAKE_VALID_KEY;
  const preview = startPreview({
    REVERIE_DATA_DIR: dataDir,
    REVERIE_KEYCHAIN_SERVICE: keychainService,
    REVERIE_PREVIEW_DEBUG_PORT: '0',
    REVERIE_API_BASE_URL: externalApi,
  });

  try {
    const [, endpoint] = await preview.waitForLine(/^preview: DevTools listening on (http:\/\/127\.0\.0\.1:\d+)$/);
    const browser = await chromium.connectOverCDP(endpoint!);
    const [context] = browser.contexts();
    expect(context!.pages()).toHaveLength(1); // one app window, nothing else
    const page = context!.pages()[0]!;
    expect(new URL(page.url()).pathname).toBe('/index.html');
    // An app window the size of Electron's: no tab strip or address bar takes height from the page.
    const size = (await page.evaluate('({ outer: [outerWidth, outerHeight], inner: [innerWidth, innerHeight] })')) as Record<string, number[]>;
    expect(size).toEqual({ outer: [MAIN_WINDOW_SIZE.width, MAIN_WINDOW_SIZE.height], inner: [MAIN_WINDOW_SIZE.width, MAIN_WINDOW_SIZE.height] });

    // The studio renders (window.reverie is there) and generates against the API.
    await expect(page.getByRole('form', { name: 'Compose' })).toBeVisible();
    await saveKey(page, key);
    const prompt = 'a lighthouse drawn by the preview';
    await generate(page, prompt);
    await expect(library(page).getByRole('img', { name: prompt })).toBeVisible();
    await expect.poll(() => thumbnailLoaded(page, prompt)).toBe(true);

    // "Back up library…" asks for a path in the page, where Electron would show a save dialog.
    const settings = await openSettings(page, 'Library');
    await settings.getByRole('button', { name: 'Back up library…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Back up the library' });
    const field = dialog.getByRole('textbox', { name: 'Save as' });
    await expect(field).toBeFocused();
    await expect(field).toHaveValue(/Reverie backup \d{4}-\d{2}-\d{2}\.zip$/);
    // A path the save dialog would not allow is refused in place, and the prompt stays.
    await field.fill('not/a/full/path.zip');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByRole('alert')).toContainText('full path');
    const archive = join(backupDir, 'from the preview.zip');
    await field.fill(join(backupDir, 'from the preview')); // the .zip is added, as save dialogs do
    await field.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(settings).toContainText(`Backed up 1 item to ${archive}`);
    expect((await stat(archive)).size).toBeGreaterThan(0);
    expect(preview.output()).toContain(`preview: "Back up the library": ${archive}`);

    // Ctrl+C: the preview closes its window and services and ends on its own.
    await preview.interrupt();
    const ended = await preview.exited;
    expect(ended, preview.output()).toEqual({ code: 0, signal: null });
    expect(preview.output()).toContain('preview: stopped');
    expect(browser.isConnected()).toBe(false);
  } finally {
    await preview.stop();
    await test.info().attach('preview output', { body: preview.output(), contentType: 'text/plain' });
    await keytar.deletePassword(keychainService, 'aimlapi').catch(() => false);
    await rm(backupDir, { recursive: true, force: true });
  }
});
