import type { WebPreferences } from 'electron';

/**
 * The renderer's webPreferences, kept apart from window.ts (type import only) so a unit test can
 * assert them under plain Node. Every flag that widens what page code can reach is set explicitly,
 * so a changed Electron default cannot loosen it silently.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    // The page and the preload get separate JavaScript worlds; only contextBridge crosses.
    contextIsolation: true,
    // The renderer is an OS-sandboxed Chromium process; the preload gets only a tiny `require`.
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // Dropping a file on the window would otherwise navigate to it, away from the app origin.
    navigateOnDragDrop: false,
    // Chromium's spellchecker fetches dictionaries from Google's servers on Linux and Windows;
    // prompts stay on this machine until the user sends one to the API.
    spellcheck: false,
    safeDialogs: true,
  };
}
