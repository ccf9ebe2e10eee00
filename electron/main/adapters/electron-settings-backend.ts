import { ipcMain } from 'electron';
import Store from 'electron-store';
import type { SettingsBackend } from '../services/ports';

/**
 * Settings as `settings.json` in the data folder, through electron-store (atomic writes). The
 * settings service validates what it reads, so this stays a plain bag of JSON.
 */
export function createElectronSettingsBackend(dataDir: string): SettingsBackend {
  const store = new Store<Record<string, unknown>>({
    name: 'settings',
    cwd: dataDir,
    // A corrupt file would otherwise throw here and keep Reverie from starting; the settings are
    // two small preferences, so starting over from defaults is the kinder failure.
    clearInvalidConfig: true,
  });
  // electron-store answers 'electron-store-get-data' for renderer-side stores (it hands out the
  // userData path). Reverie has none, and ipc.ts is meant to be the whole IPC surface: remove it.
  ipcMain.removeAllListeners('electron-store-get-data');
  return {
    read: () => store.store,
    write: (settings) => {
      store.store = settings;
    },
  };
}
