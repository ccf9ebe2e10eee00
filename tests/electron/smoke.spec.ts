import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test as base, type ElectronApplication, type Page } from '@playwright/test';
import type { ReverieApi } from '../../electron/shared/contract';
import { FAKE_VALID_KEY, startFakeAiml, type FakeAiml } from '../fake-aiml/server';
import { testKeychainService } from '../support/keychain';
import { findElectronBinary, skipReason } from './electron-binary';

const binary = findElectronBinary();
const MAIN_ENTRY = path.resolve(import.meta.dirname, '../../out/main/index.js');

interface Fixtures {
  dataDir: string;
  keychainService: string;
  app: ElectronApplication;
  page: Page;
}

const test = base.extend<Fixtures, { fakeApi: FakeAiml }>({
  fakeApi: [
    async ({}, use) => {
      const fake = await startFakeAiml();
      await use(fake);
      await fake.close();
    },
    { scope: 'worker' },
  ],

  dataDir: async ({}, use) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'reverie-electron-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },

  keychainService: async ({}, use) => {
    const service = testKeychainService();
    await use(service);
    // Loaded here, not at the top: on a machine without Electron the suite never touches the keychain.
    const { default: keytar } = await import('keytar');
    await keytar.deletePassword(service, 'aimlapi').catch(() => false);
  },

  app: async ({ dataDir, keychainService, fakeApi }, use) => {
    if (!binary.ok) throw new Error('unreachable: the suite is skipped without a binary');
    if (!existsSync(MAIN_ENTRY)) throw new Error(`${MAIN_ENTRY} is missing: run \`npx electron-vite build\` first.`);
    // The built app, not a dev server, even if the shell running the tests has one configured.
    const { ELECTRON_RENDERER_URL: _devServer, ...env } = process.env;
    const app = await electron.launch({
      executablePath: binary.executablePath,
      // Chromium refuses to start as root with its sandbox on (CI containers); everywhere else it stays on.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), MAIN_ENTRY],
      env: {
        ...(env as Record<string, string>),
        REVERIE_DATA_DIR: dataDir,
        REVERIE_KEYCHAIN_SERVICE: keychainService,
        REVERIE_API_BASE_URL: fakeApi.baseUrl,
      },
    });
    await use(app);
    await app.close();
    fakeApi.reset();
  },

  page: async ({ app }, use) => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await use(page);
  },
});

test.describe('Reverie in Electron', () => {
  test.skip(!binary.ok, binary.ok ? '' : skipReason(binary.reason));

  test('opens one window on the app origin', async ({ app, page }) => {
    await expect(page).toHaveURL('app://reverie/index.html');
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    await expect(page.getByRole('textbox', { name: 'Prompt' })).toBeVisible();
  });

  test('runs the renderer isolated and sandboxed, as configured', async ({ app, page }) => {
    await page.waitForLoadState('load');
    const preferences = await app.evaluate(({ BrowserWindow }) => {
      // Undocumented but long-standing: the preferences the renderer was actually created with.
      const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as {
        getLastWebPreferences?: () => Record<string, unknown> | null;
      };
      if (typeof contents?.getLastWebPreferences !== 'function') return 'getLastWebPreferences is not available';
      const p = contents.getLastWebPreferences() ?? {};
      return {
        contextIsolation: p.contextIsolation,
        sandbox: p.sandbox,
        nodeIntegration: p.nodeIntegration,
        nodeIntegrationInSubFrames: p.nodeIntegrationInSubFrames,
        webviewTag: p.webviewTag,
        webSecurity: p.webSecurity,
      };
    });
    expect(preferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
    });
  });

  test('gives the page window.reverie and nothing else from the outside', async ({ page }) => {
    const seen = await page.evaluate(() => {
      const bridge = (window as unknown as { reverie: ReverieApi }).reverie;
      const globals = window as unknown as Record<string, unknown>;
      let unknownEvent = 'accepted';
      try {
        bridge.on('nope' as never, () => undefined);
      } catch {
        unknownEvent = 'refused';
      }
      return {
        keys: Object.keys(bridge).sort(),
        mediaBase: bridge.mediaBase,
        process: typeof globals.process,
        require: typeof globals.require,
        module: typeof globals.module,
        Buffer: typeof globals.Buffer,
        ipcRenderer: typeof globals.ipcRenderer,
        unknownEvent,
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
      };
    });
    expect(seen).toEqual({
      keys: ['invoke', 'mediaBase', 'on'],
      mediaBase: 'reverie-media://library',
      process: 'undefined',
      require: 'undefined',
      module: 'undefined',
      Buffer: 'undefined',
      ipcRenderer: 'undefined',
      unknownEvent: 'refused',
      csp: expect.stringContaining("default-src 'none'"),
    });
    await expect(page.evaluate(() => (window as unknown as { reverie: ReverieApi }).reverie.invoke('nope' as never))).rejects.toThrow();
  });

  test('saves a key, generates, and shows the image in the Library', async ({ page, fakeApi }) => {
    // The studio opens Settings by itself when no key is stored: wait until it has decided.
    await expect(page.getByRole('main')).toHaveAttribute('aria-busy', 'false');
    const settings = page.getByRole('region', { name: 'Settings', exact: true });
    if (!(await settings.isVisible())) await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('textbox', { name: 'API key' }).fill(FAKE_VALID_KEY);
    await page.getByRole('button', { name: 'Save key' }).click();
    await expect(settings).toContainText(FAKE_VALID_KEY.slice(-4));
    await expect(page.locator('body')).not.toContainText(FAKE_VALID_KEY);

    const prompt = 'a paper boat on a midnight lake, lit by one lantern';
    await page.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
    await page.getByRole('button', { name: /^Generate/ }).click();

    const image = page.getByRole('region', { name: 'Library', exact: true }).getByRole('img', { name: prompt });
    await expect(image).toBeVisible();
    // Decoded for real through reverie-media://, not just an <img> element with a broken source.
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(fakeApi.requests).toHaveLength(1);
  });

  test('copies a WebP image (as PNG) and its prompt to the system clipboard, and starts a native drag of it', async ({ app, page }) => {
    await expect(page.getByRole('main')).toHaveAttribute('aria-busy', 'false');
    // A WebP in the library without the network: import one, as a drop would. nativeImage cannot
    // read WebP, which is exactly what copying and dragging must cope with.
    const webp = await import('sharp').then(({ default: sharp }) =>
      sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 20, g: 120, b: 200 } } })
        .webp()
        .toBuffer(),
    );
    const id = await page.evaluate(
      async (bytes) => {
        const { reverie } = window as unknown as { reverie: ReverieApi };
        const imported = await reverie.invoke('library:import', { files: [{ name: 'clipboard test.webp', bytes: new Uint8Array(bytes) }] });
        if (!imported.ok) throw new Error(imported.error.message);
        return imported.value.imported[0]!.id;
      },
      [...webp],
    );

    type Invoke = (channel: string, input: unknown) => Promise<unknown>;
    const invoke = (channel: 'clipboard:copy' | 'drag:prepare' | 'drag:start', input: unknown) =>
      page.evaluate(([name, payload]) => (window as unknown as { reverie: { invoke: Invoke } }).reverie.invoke(name, payload), [channel, input] as const);

    expect(await invoke('clipboard:copy', { id, what: 'prompt' })).toEqual({ ok: true, value: null });
    expect(await app.evaluate(({ clipboard }) => clipboard.readText())).toBe('clipboard test');
    expect(await invoke('clipboard:copy', { id, what: 'image' })).toEqual({ ok: true, value: null });
    const pasted = await app.evaluate(async ({ clipboard, nativeImage }) => {
      const [item] = await clipboard.read();
      if (!item?.types.includes('image/png')) return null;
      const blob = (await item.getType('image/png')) as Blob;
      return nativeImage.createFromBuffer(Buffer.from(await blob.arrayBuffer())).getSize();
    });
    expect(pasted).toEqual({ width: 64, height: 48 });

    // The rule the unit tests' fake Electron follows, checked on the real one: WebP decodes to nothing, PNG does.
    const decodes = await app.evaluate(
      ({ nativeImage }, [webpBytes, pngBytes]) => [
        nativeImage.createFromBuffer(Buffer.from(webpBytes)).isEmpty(),
        nativeImage.createFromBuffer(Buffer.from(pngBytes)).isEmpty(),
      ],
      [[...webp], [...(await import('sharp').then(({ default: sharp }) => sharp(webp).png().toBuffer()))]] as const,
    );
    expect(decodes).toEqual([true, false]);

    // startDrag needs a pointer held down to drag anything; here the drag must at least be made
    // ready ahead and then accepted with an icon Electron can show (an empty one would be refused).
    expect(await invoke('drag:prepare', { ids: [id] })).toEqual({ ok: true, value: { files: 1, format: 'original', skipped: 0 } });
    expect(await invoke('drag:start', { ids: [id] })).toEqual({ ok: true, value: { files: 1, format: 'original', skipped: 0 } });
  });
});
