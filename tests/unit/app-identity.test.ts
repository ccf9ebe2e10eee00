import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { APP_ID } from '../../electron/shared/constants';

/**
 * Reverie's AppUserModelID on Windows. electron/main/index.ts runs here as it would on Windows
 * (process.platform reads 'win32'), on the recording fake of Electron, up to the point where it
 * waits for `ready`; the main-process suite covers the other platforms.
 */

const electron = await vi.hoisted(async () => {
  const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
  Object.defineProperty(process, 'platform', { ...platform, value: 'win32' });
  (globalThis as { restorePlatform?: () => void }).restorePlatform = () => Object.defineProperty(process, 'platform', platform);
  return (await import('./support/fake-electron')).createFakeElectron();
});
vi.mock('electron', () => electron.module);
// The studio is built only after `ready`, which never comes here; its native modules (sharp, keytar)
// would load the binaries of the platform this test pretends to be.
vi.mock('../../electron/main/container', () => ({
  buildStudio: () => Promise.reject(new Error('the studio is not built before ready')),
}));

afterAll(() => (globalThis as { restorePlatform?: () => void }).restorePlatform?.());

describe('app identity', () => {
  it('is the appId the installer gives the Start Menu shortcut', async () => {
    const builder = parse(await readFile(new URL('../../electron-builder.yml', import.meta.url), 'utf8')) as { appId?: unknown };
    expect(builder.appId).toBe(APP_ID);
  });

  it('is set on Windows at startup, before anything can show a notification', async () => {
    vi.stubEnv('REVERIE_DATA_DIR', '');
    await import('../../electron/main/index');
    expect(electron.identity.appUserModelId).toBe(APP_ID);
    // Before the single-instance lock, hence long before `ready` and the studio's first notification.
    expect(electron.log.indexOf(`app.setAppUserModelId(${APP_ID})`)).toBeLessThan(electron.log.indexOf('app.requestSingleInstanceLock'));
    expect(electron.log).toContain('app.requestSingleInstanceLock');
    vi.unstubAllEnvs();
  });
});
