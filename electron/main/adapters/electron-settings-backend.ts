import { join } from 'node:path';
import { ipcMain } from 'electron';
import Store from 'electron-store';
import type { SettingsBackend } from '../services/ports';
import { SETTINGS_FILE_NAME, parseSettingsText, removeSettingsTempFiles, setAsideSettingsFile } from '../services/settings/file';

/**
 * Settings as `settings.json` in the data folder, through electron-store. Its writes are atomic
 * (conf 16 writes through `atomically`: a temp file, fsync, rename; only on EXDEV, or inside a Snap,
 * does it write in place). The file is read through settings-file.ts as electron-store's `deserialize`,
 * and `clearInvalidConfig` stays off: with it on, electron-store overwrites an unreadable file with
 * defaults, and a moved library's location went with it. Off, the constructor throws; the settings
 * service then has the file set aside (kept) and reads again.
 */
export function createElectronSettingsBackend(dataDir: string): SettingsBackend {
  let store: Store<Record<string, unknown>> | null = null;
  removeSettingsTempFiles(dataDir);

  function opened(): Store<Record<string, unknown>> {
    if (store) return store;
    store = new Store<Record<string, unknown>>({
      name: 'settings',
      cwd: dataDir,
      clearInvalidConfig: false,
      deserialize: parseSettingsText,
    });
    // electron-store answers 'electron-store-get-data' for renderer-side stores (it hands out the
    // userData path). Reverie has none, and ipc.ts is meant to be the whole IPC surface: remove it.
    ipcMain.removeAllListeners('electron-store-get-data');
    return store;
  }

  return {
    read: () => ({ ...opened().store }),
    write: async (settings) => {
      opened().store = settings;
    },
    setAside(now) {
      // A new store is made for the next read; this one may hold what it read before the file was moved.
      store = null;
      return setAsideSettingsFile(join(dataDir, SETTINGS_FILE_NAME), dataDir, now);
    },
  };
}
