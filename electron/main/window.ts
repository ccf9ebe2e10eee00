import { app, BrowserWindow, nativeTheme, session, type WebContents } from 'electron';
import { isTrustedUrl } from './ipc/app-origin';
import { secureWebPreferences } from './secure-web-preferences';
import { MAIN_WINDOW_SIZE } from './window-size';

export interface WindowOptions {
  preloadPath: string;
  /** What to load: app://reverie/index.html, or the dev server while developing. */
  url: string;
  /** Origins the page may stay on; navigation anywhere else is cancelled. */
  origins: readonly string[];
}

/**
 * Guards every webContents the app ever creates (windows, devtools, anything a future feature adds):
 * no <webview>, no popups, no navigation off the app's origins. Install before the first window.
 */
export function installWebContentsGuards(origins: readonly string[]): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents, origins));
}

function guardContents(contents: WebContents, origins: readonly string[]): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // External links: none for now. A later handler will open an allow-list of https URLs via shell.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const keepOnOrigin = (event: { preventDefault(): void }, url: string) => {
    if (!isTrustedUrl(url, origins)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => keepOnOrigin(event, event.url));
  contents.on('will-frame-navigate', (event) => keepOnOrigin(event, event.url));
  contents.on('will-redirect', (event) => keepOnOrigin(event, event.url));
}

/** The renderer asks for nothing (camera, notifications, clipboard-read …), so everything is refused. */
export function denyAllPermissions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/** The page's --bg (renderer/src/theme/tokens.css) in each theme: what the window shows before the page paints. */
export const WINDOW_BACKGROUND = { light: '#f4f4f6', dark: '#121316' } as const;

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...MAIN_WINDOW_SIZE,
    title: 'Reverie',
    show: false,
    // The theme main set before this window (Appearance, or the system's): no dark flash in the light theme.
    backgroundColor: nativeTheme.shouldUseDarkColors ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  // Shown once painted, so the user never sees an empty white frame.
  window.once('ready-to-show', () => window.show());
  window.loadURL(options.url).catch((error: unknown) => console.error('[window] could not load the UI:', error));
  return window;
}
