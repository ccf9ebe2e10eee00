import type { BrowserWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createElectronClipboard, createElectronDragger } from '../../electron/main/adapters/electron-desktop';
import { createElectronLinkOpener } from '../../electron/main/adapters/electron-link-opener';
import { createElectronNotifier } from '../../electron/main/adapters/electron-notifier';
import { EXTERNAL_LINKS } from '../../electron/shared/constants';
import { makeImage } from './support/library-fixtures';

/** The notifier, link opener, clipboard and dragger on a fake of Electron (the binary cannot run here). */
const electron = await vi.hoisted(async () => (await import('./support/fake-electron')).createFakeElectron());
vi.mock('electron', () => electron.module);

const windowWithFocus = (hasFocus: boolean) => {
  const window = new electron.module.BrowserWindow({});
  window.hasFocus = hasFocus;
  return window as unknown as BrowserWindow;
};

describe('Electron notifier', () => {
  it('stays quiet while the user is looking at Reverie', () => {
    electron.notifications.length = 0;
    createElectronNotifier(() => [windowWithFocus(true)]).notify('3 images ready', 'a lighthouse');
    expect(electron.notifications).toEqual([]);
  });

  it('notifies when Reverie is in the background', () => {
    electron.notifications.length = 0;
    createElectronNotifier(() => [windowWithFocus(false)]).notify('3 images ready', 'a lighthouse');
    expect(electron.notifications).toEqual([{ title: '3 images ready', body: 'a lighthouse' }]);
  });
});

describe('Electron link opener', () => {
  it('opens the allow-listed pages in the system browser', async () => {
    await createElectronLinkOpener().open(EXTERNAL_LINKS.billing);
    expect(electron.openedExternally).toContain('https://aimlapi.com/app/billing');
  });

  it('refuses any other address, whatever passes it along', async () => {
    const before = electron.openedExternally.length;
    const opener = createElectronLinkOpener();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', `${EXTERNAL_LINKS.billing}?x=1`]) {
      await expect(opener.open(url)).rejects.toThrow(/not an allow-listed page/);
    }
    expect(electron.openedExternally).toHaveLength(before);
  });
});

describe('Electron clipboard', () => {
  it('puts text and PNG bytes on the clipboard as one entry', async () => {
    const png = await makeImage('png', 30, 20);
    await createElectronClipboard().write({ text: 'a kite', png });
    expect(electron.clipboardContents()).toMatchObject({ text: 'a kite', image: { kind: 'png', width: 30, height: 20 } });
  });

  it('refuses image bytes Electron cannot decode instead of copying nothing without a word', async () => {
    await createElectronClipboard().write({ text: 'before' });
    await expect(createElectronClipboard().write({ text: 'a kite', png: await makeImage('webp', 30, 20) })).rejects.toThrow(/cannot read this image/);
    expect(electron.clipboardContents()).toEqual({ text: 'before', raw: {} });
  });
});

describe('Electron dragger', () => {
  const openWindow = () => new electron.module.BrowserWindow({});

  it('starts a drag of every file with a PNG icon', async () => {
    const window = openWindow();
    const started = createElectronDragger(() => [window as unknown as BrowserWindow]).startDrag(['/d/a.png', '/d/b.png'], await makeImage('png', 96, 96));
    expect(started).toEqual({ ok: true, value: null });
    expect(window.webContents.drags.map((drag) => drag.files)).toEqual([['/d/a.png', '/d/b.png']]);
  });

  it('says the drag did not start when the icon is one Electron cannot show (it would drag nothing, silently)', async () => {
    const window = openWindow();
    const started = createElectronDragger(() => [window as unknown as BrowserWindow]).startDrag(['/d/a.webp'], await makeImage('webp', 96, 96));
    expect(started).toMatchObject({ ok: false, error: { message: 'The drag could not start: its picture could not be made.' } });
    expect(window.webContents.drags).toEqual([]);
  });

  it('says so when there is no window or no file', async () => {
    const icon = await makeImage('png', 8, 8);
    expect(createElectronDragger(() => []).startDrag(['/d/a.png'], icon)).toMatchObject({ ok: false });
    const window = openWindow();
    expect(createElectronDragger(() => [window as unknown as BrowserWindow]).startDrag([], icon)).toMatchObject({ ok: false });
    expect(window.webContents.drags).toEqual([]);
  });
});
