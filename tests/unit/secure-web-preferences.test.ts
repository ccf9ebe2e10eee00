import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../electron/main/secure-web-preferences';

describe('secureWebPreferences', () => {
  const preferences = secureWebPreferences('/app/out/preload/index.cjs');

  it('isolates and sandboxes the renderer, with no Node in any frame or worker', () => {
    expect(preferences.contextIsolation).toBe(true);
    expect(preferences.sandbox).toBe(true);
    expect(preferences.nodeIntegration).toBe(false);
    expect(preferences.nodeIntegrationInWorker).toBe(false);
    expect(preferences.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and webviews off', () => {
    expect(preferences.webSecurity).toBe(true);
    expect(preferences.allowRunningInsecureContent).toBe(false);
    expect(preferences.webviewTag).toBe(false);
    expect(preferences.experimentalFeatures).toBe(false);
    expect(preferences.navigateOnDragDrop).toBe(false);
  });

  it('uses the CommonJS preload a sandbox can load', () => {
    expect(preferences.preload).toBe('/app/out/preload/index.cjs');
  });

  it('sets exactly these flags, so any addition is a reviewed change', () => {
    expect(preferences).toStrictEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    });
  });

  it('returns a fresh object each time, so one window cannot loosen another’s', () => {
    expect(secureWebPreferences('/a')).not.toBe(secureWebPreferences('/a'));
  });
});
