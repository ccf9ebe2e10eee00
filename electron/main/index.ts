import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, type BrowserWindow } from 'electron';
import { APP_ID, type ExternalLinkName } from '../shared/constants';
import { APP_INDEX_URL, trustedOrigins } from './ipc/app-origin';
import { buildStudio } from './container';
import { createEmitter, wireIpc } from './ipc/electron-ipc';
import { installApplicationMenu } from './menu';
import { registerPrivilegedSchemes, registerProtocols } from './protocol/electron-protocol';
import type { Studio } from './services/studio/types';
import { createMainWindow, denyAllPermissions, installWebContentsGuards } from './window';

/** App lifecycle only; what the app does lives in the studio, how it is wired in the modules above. */

const here = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD_PATH = path.join(here, '../preload/index.cjs');
const RENDERER_ROOT = path.join(here, '../renderer');

const KEYCHAIN_SERVICE = process.env.REVERIE_KEYCHAIN_SERVICE || 'Reverie';
const KEYCHAIN_ACCOUNT = 'aimlapi';

// Honoured only from an unpackaged build: a shipped app must never be pointed at another page by an env var.
const devServerUrl = (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) || undefined;
const origins = trustedOrigins(devServerUrl);

// Tests (and curious users) get a separate data folder. userData follows it so Chromium's own
// files and the single-instance lock, which is keyed on userData, are separate as well.
const dataDirOverride = process.env.REVERIE_DATA_DIR;
if (dataDirOverride) app.setPath('userData', path.resolve(dataDirOverride));
const dataDir = app.getPath('userData');

app.enableSandbox();
// Windows shows a process's notifications only under the AppUserModelID of its Start Menu shortcut,
// which the installer creates with APP_ID (docs/tutorial/notifications.md). Elsewhere Electron makes
// this call a no-op (lib/browser/api/app.ts), so it is made where it means something.
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
registerPrivilegedSchemes();
installWebContentsGuards(origins);

function run(): void {
  let mainWindow: BrowserWindow | null = null;
  let studio: Studio | null = null;

  const getWindows = () => (mainWindow && !mainWindow.isDestroyed() ? [mainWindow] : []);

  const openWindow = () => {
    mainWindow = createMainWindow({ preloadPath: PRELOAD_PATH, url: devServerUrl ?? APP_INDEX_URL, origins });
  };

  app.on('second-instance', () => {
    const [window] = getWindows();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('window-all-closed', () => {
    // macOS apps stay alive without windows until the user quits from the dock or menu.
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (studio && getWindows().length === 0) openWindow();
  });

  // Hold the quit until the studio has finished pending writes and closed the library database.
  app.on('will-quit', (event) => {
    if (!studio) return;
    event.preventDefault();
    const closing = studio;
    studio = null;
    closing
      .close()
      .catch((error: unknown) => console.error('[main] closing the studio failed:', error))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      denyAllPermissions();
      const emit = createEmitter(getWindows, origins);
      const built = await buildStudio({
        dataDir,
        keychain: { service: KEYCHAIN_SERVICE, account: KEYCHAIN_ACCOUNT },
        env: process.env,
        emit,
        getWindows,
      });
      studio = built;
      registerProtocols(RENDERER_ROOT, built);
      wireIpc(built.handlers, getWindows, origins);
      // Help links go the way the page's links go: by name, through the allow-listed opener.
      const openLink = (link: ExternalLinkName) => {
        void built.handlers['shell:open-link']({ link }).then((reply) => {
          if (!reply.ok) console.warn(`[menu] ${reply.error.message}`);
        });
      };
      installApplicationMenu({ emit, openLink });
      openWindow();
    })
    .catch((error: unknown) => {
      console.error('[main] Reverie could not start:', error);
      dialog.showErrorBox(
        'Reverie could not start',
        `Reverie could not open its library in ${dataDir}. Check that the folder is writable and that no other copy of Reverie is using it.`,
      );
      app.exit(1);
    });
}

// A second launch hands over to the running instance (see 'second-instance') instead of opening
// the same library database twice.
if (app.requestSingleInstanceLock()) run();
else app.quit();
