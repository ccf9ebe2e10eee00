import { dialog, type BrowserWindow } from 'electron';
import type { FolderPicker } from '../services/ports';

/** The system folder dialog, attached to Reverie's window so it is modal to it. */
export function createElectronFolderPicker(getWindows: () => readonly BrowserWindow[]): FolderPicker {
  return {
    async pickFolder(title) {
      const [window] = getWindows();
      const options = { title, properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
