import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXTERNAL_LINKS } from '../../electron/shared/constants';
import { CHANNEL_NAMES } from '../../electron/shared/contract';
import type { LibraryItem } from '../../electron/shared/domain';
import type { Result } from '../../electron/shared/errors';
import { secureWebPreferences } from '../../electron/main/secure-web-preferences';
import { WINDOW_BACKGROUND } from '../../electron/main/window';
import { FAKE_VALID_KEY, startFakeAiml, type FakeAiml } from '../fake-aiml/server';
import { testKeychainService } from '../support/keychain';
import type { FakeFrame, FakeWebContents } from './support/fake-electron';
import { menuItems } from './support/fake-electron-menu';

/**
 * electron/main/index.ts, container.ts, ipc.ts, window.ts and protocol.ts run for real here, on a
 * recording fake of Electron's API (the binary cannot run on these machines). The studio behind them
 * is the real one: node:sqlite, sharp, the fake AI/ML API over HTTP. electron-store is replaced by an
 * in-memory map because it needs Electron's own `app`.
 */

const electron = await vi.hoisted(async () => (await import('./support/fake-electron')).createFakeElectron());
vi.mock('electron', () => electron.module);
vi.mock('electron-store', () => ({
  default: class {
    store: Record<string, unknown> = {};
  },
}));

let fake: FakeAiml;
let dataDir: string;
const keychainService = testKeychainService();

type Reply = Result<unknown>;
const invoke = (channel: string, input: unknown, sender: FakeWebContents, frame: FakeFrame | null = sender.mainFrame) =>
  electron.ipcHandlers.get(channel)!({ sender, senderFrame: frame }, input) as Promise<Reply>;

const appWindow = () => electron.windows[0]!;

beforeAll(async () => {
  fake = await startFakeAiml();
  dataDir = await mkdtemp(path.join(tmpdir(), 'reverie-main-'));
  vi.stubEnv('REVERIE_DATA_DIR', dataDir);
  vi.stubEnv('REVERIE_KEYCHAIN_SERVICE', keychainService);
  vi.stubEnv('REVERIE_API_BASE_URL', fake.baseUrl);
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  await import('../../electron/main/index');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('before ready', () => {
  it('sandboxes, registers the schemes, takes the lock and points userData at REVERIE_DATA_DIR', () => {
    expect(electron.log).toEqual(['app.setPath(userData)', 'app.enableSandbox', 'protocol.registerSchemesAsPrivileged', 'app.requestSingleInstanceLock']);
    expect(electron.module.app.getPath('userData')).toBe(dataDir);
    // The AppUserModelID means something on Windows only (app-identity.test.ts runs as Windows).
    if (process.platform !== 'win32') expect(electron.identity.appUserModelId).toBeNull();
    expect(electron.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
      { scheme: 'reverie-media', privileges: { standard: true, secure: true } },
    ]);
  });
});

describe('after ready', () => {
  beforeAll(async () => {
    electron.markReady();
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1), { timeout: 10_000 });
  });

  it('registers both protocols and sets the application menu before the window loads, and one IPC handler per channel', () => {
    expect(electron.log.slice(4)).toEqual(['protocol.handle(app)', 'protocol.handle(reverie-media)', 'Menu.setApplicationMenu', 'new BrowserWindow']);
    expect([...electron.ipcHandlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('opens the window on app://reverie with the secure webPreferences', () => {
    const { options, webContents } = appWindow();
    const preload = String(options.webPreferences?.preload);
    expect(preload.endsWith(`${path.sep}preload${path.sep}index.cjs`)).toBe(true);
    expect(options.webPreferences).toStrictEqual(secureWebPreferences(preload));
    expect(webContents.getURL()).toBe('app://reverie/index.html');
  });

  it('paints the window in the light page colour before the page, with the fake OS in light mode and the theme following it', () => {
    expect(electron.themeSource()).toBe('system');
    expect(appWindow().options.backgroundColor).toBe(WINDOW_BACKGROUND.light);
  });

  it('denies every permission', () => {
    const answers: boolean[] = [];
    (electron.permissions.request as (...a: unknown[]) => void)({}, 'media', (granted: boolean) => answers.push(granted));
    expect(answers).toEqual([false]);
    expect((electron.permissions.check as () => boolean)()).toBe(false);
    expect((electron.permissions.device as () => boolean)()).toBe(false);
  });

  it('guards the window: no webviews, no popups, no navigation off the app origin', () => {
    const contents = appWindow().webContents;
    const attempt = (event: string, url?: string) => {
      const e = { url, defaultPrevented: false, preventDefault: () => (e.defaultPrevented = true) };
      contents.emit(event, e, url);
      return e.defaultPrevented;
    };
    expect(attempt('will-attach-webview')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(attempt('will-redirect', 'app://evil/index.html')).toBe(true);
    expect(attempt('will-frame-navigate', 'https://example.com/')).toBe(true);
    expect(attempt('will-navigate', 'app://reverie/index.html')).toBe(false);
  });

  it('answers the app’s own main frame through the real studio', async () => {
    const reply = await invoke('settings:get', undefined, appWindow().webContents);
    expect(reply).toMatchObject({ ok: true, value: { effectiveApiBaseUrl: fake.baseUrl, apiBaseUrlSource: 'environment' } });
  });

  it('refuses subframes, navigated pages, vanished frames and other webContents', async () => {
    const contents = appWindow().webContents;
    const refused = { ok: false, error: { code: 'invalid-input' } };
    expect(await invoke('settings:get', undefined, contents, contents.subframe('app://reverie/index.html'))).toMatchObject(refused);
    expect(await invoke('settings:get', undefined, contents, null)).toMatchObject(refused);
    expect(await invoke('settings:get', undefined, contents, { ...contents.mainFrame, url: 'https://evil.example/' })).toMatchObject(refused);
    const { FakeWebContents } = await import('./support/fake-electron');
    const stranger = new FakeWebContents();
    stranger.mainFrame.url = 'app://reverie/index.html';
    expect(await invoke('settings:get', undefined, stranger)).toMatchObject(refused);
  });

  it('parses input before the studio sees it', async () => {
    const reply = await invoke('generate:enqueue', { prompt: 5, aspectRatios: ['1:1'], count: 1 }, appWindow().webContents);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(fake.requests).toHaveLength(0);
  });

  it('generates, tells the window, and serves the image by id over reverie-media://', async () => {
    const contents = appWindow().webContents;
    expect(await invoke('key:save', { key: FAKE_VALID_KEY, sessionOnly: true }, contents)).toMatchObject({ ok: true });
    const reply = await invoke('generate:enqueue', { prompt: 'a paper boat at midnight', aspectRatios: ['1:1'], count: 1 }, contents);
    expect(reply.ok).toBe(true);
    // The queue tells the window about every step; the library event carries the new item.
    const added = await vi.waitFor(
      () => {
        const event = contents.sent.find((message) => message.channel === 'library:item-added');
        if (!event) throw new Error('no library:item-added yet');
        return event;
      },
      { timeout: 30_000, interval: 20 },
    );
    const item = added.payload as LibraryItem;
    expect(item.prompt).toBe('a paper boat at midnight');
    expect(contents.sent.filter((message) => message.channel === 'queue:job-updated').map((m) => (m.payload as { state: string }).state)).toContain('done');

    // In the app, the studio's requests to the API go through Chromium's stack (Electron's net): the
    // reachability probe and the paid POST, each one call the fake API saw. The image download asks
    // the session for a proxy first; with none, it goes direct, pinned to the checked address
    // (adapters/electron-download-transport.ts), so net sees no GET of the image. The GETs it does
    // see are the account's: the price list (GET /v1/models?id=…&include=pricing, at startup) and the
    // balance (GET /v2/billing, once the batch has settled).
    const viaNet = electron.netCalls.filter((call) => call.url.startsWith(fake.baseUrl.replace(/\/v1$/, '')));
    expect(viaNet).toContainEqual({ via: 'net.request', method: 'HEAD', url: fake.baseUrl });
    expect(viaNet.filter((call) => call.method === 'POST')).toEqual([{ via: 'net.request', method: 'POST', url: `${fake.baseUrl}/images/generations` }]);
    expect(viaNet.filter((call) => call.method === 'POST')).toHaveLength(fake.requests.length);
    const gets = viaNet.filter((call) => call.method === 'GET').map((call) => call.url);
    expect(gets.filter((url) => !url.startsWith(`${fake.baseUrl}/models?`) && url !== `${fake.origin}/v2/billing`)).toEqual([]);
    expect(gets.filter((url) => url.startsWith(`${fake.baseUrl}/models?`))).toHaveLength(3);
    expect(fake.downloads.length).toBeGreaterThan(0);
    expect(electron.proxy.asked.filter((url) => url.startsWith(`${fake.origin}/files/`))).toHaveLength(fake.downloads.length);

    const media = electron.protocolHandlers.get('reverie-media')!;
    const thumb = await media(new Request(`reverie-media://library/thumb/${item.id}`));
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const original = await media(new Request(`reverie-media://library/original/${item.id}`));
    expect(original.headers.get('content-type')).toBe(item.mimeType);
    expect((await original.arrayBuffer()).byteLength).toBe(item.byteSize);
    expect((await media(new Request(`reverie-media://library/thumb/${crypto.randomUUID()}`))).status).toBe(404);
  });

  it('has Reverie’s own menu: its commands reach the window as menu:command, help opens allow-listed pages', async () => {
    const menu = electron.menu.applicationMenu!;
    expect(menu.items.map((item) => item.label)).toEqual([...(process.platform === 'darwin' ? ['Reverie'] : []), 'File', 'Edit', 'View', 'Window', 'Help']);
    const contents = appWindow().webContents;
    menuItems(menu).find((item) => item.label === 'Settings…')!.click!();
    expect(contents.sent.at(-1)).toEqual({ channel: 'menu:command', payload: { command: 'open-settings' } });
    menuItems(menu).find((item) => item.label === 'Get an API Key')!.click!();
    await vi.waitFor(() => expect(electron.openedExternally).toContain(EXTERNAL_LINKS.keys));
  });

  it('focuses the existing window when a second instance starts', () => {
    electron.appEvents.emit('second-instance');
    expect(appWindow().focused).toBe(1);
  });

  it('closes the studio before quitting, once', async () => {
    electron.module.app.quit();
    expect(electron.quits).toEqual(['quit']);
    await vi.waitFor(() => expect(electron.quits).toEqual(['quit', 'quit', 'quitted']));
    // The library database is closed: a second quit goes straight through.
    electron.module.app.quit();
    expect(electron.quits.slice(3)).toEqual(['quit', 'quitted']);
    expect(electron.errorBoxes).toEqual([]);
  });

  it('quits when the last window closes, except on macOS', () => {
    const before = electron.quits.length;
    electron.appEvents.emit('window-all-closed');
    expect(electron.quits.length - before).toBe(process.platform === 'darwin' ? 0 : 2);
  });
});
