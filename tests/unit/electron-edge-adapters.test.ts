import type { BrowserWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createElectronLinkOpener } from '../../electron/main/adapters/electron-link-opener';
import { createElectronNotifier } from '../../electron/main/adapters/electron-notifier';
import { EXTERNAL_LINKS } from '../../electron/shared/constants';

/** The notifier and link opener on a recording fake of Electron (the binary cannot run here). */
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
