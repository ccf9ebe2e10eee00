import { clipboard, ClipboardItem, dialog, nativeImage, shell, type BrowserWindow } from 'electron';
import type { DesktopClipboard, FileDragger, FilePicker, FileRevealer } from '../services/ports';

type GetWindows = () => readonly BrowserWindow[];

/** Open and save dialogs, attached to Reverie's window so they are modal to it. */
export function createElectronFilePicker(getWindows: GetWindows): FilePicker {
  const parent = () => getWindows()[0];
  return {
    async pickFile(title, extensions) {
      const options = { title, properties: ['openFile'] as Array<'openFile'>, filters: [{ name: 'Reverie backup', extensions: [...extensions] }] };
      const window = parent();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async pickSaveFile(title, defaultName, extensions) {
      const options = { title, defaultPath: defaultName, filters: [{ name: 'Reverie backup', extensions: [...extensions] }] };
      const window = parent();
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
  };
}

/**
 * Text and images on the system clipboard, in one entry so "copy both" pastes as either. Images go
 * as PNG whatever the original's format: it is what every app accepts from the clipboard.
 */
export function createElectronClipboard(): DesktopClipboard {
  return {
    async write({ text, imagePath }) {
      const entry: Record<string, string | Blob> = {};
      if (text !== undefined) entry['text/plain'] = text;
      if (imagePath) {
        const image = nativeImage.createFromPath(imagePath);
        if (image.isEmpty()) throw new Error('The image could not be read for the clipboard.');
        entry['image/png'] = new Blob([new Uint8Array(image.toPNG())], { type: 'image/png' });
      }
      await clipboard.write([new ClipboardItem(entry)]);
    },
  };
}

/** Native drags start from Reverie's window, whose page asked for them (a single-window app). */
export function createElectronDragger(getWindows: GetWindows): FileDragger {
  return {
    startDrag(files, iconPath) {
      const [window] = getWindows();
      const [first] = files;
      if (!window || first === undefined) return;
      window.webContents.startDrag({ file: first, files: [...files], icon: nativeImage.createFromPath(iconPath) });
    },
  };
}

export function createElectronRevealer(): FileRevealer {
  return { reveal: (path) => shell.showItemInFolder(path) };
}
