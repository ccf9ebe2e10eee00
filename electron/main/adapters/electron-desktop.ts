import { clipboard, ClipboardItem, dialog, nativeImage, shell, type BrowserWindow } from 'electron';
import { appError, fail, ok } from '../../shared/errors';
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
    // docs/api/dialog.md: extensions without dots; a cancel resolves { canceled: true, filePaths: [] }.
    async pickFiles(title, kind, extensions) {
      const options = {
        title,
        properties: ['openFile', 'multiSelections'] as Array<'openFile' | 'multiSelections'>,
        filters: [{ name: kind, extensions: [...extensions] }],
      };
      const window = parent();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
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
 * Text and images on the system clipboard, in one entry so "copy both" pastes as either. The image
 * arrives as PNG bytes (the codec encodes every format the library holds).
 */
export function createElectronClipboard(): DesktopClipboard {
  return {
    async write({ text, png }) {
      const entry: Record<string, string | Blob> = {};
      if (text !== undefined) entry['text/plain'] = text;
      if (png) {
        // clipboard.write decodes image/* bytes with the decoder nativeImage.createFromBuffer uses
        // (PNG or JPEG) and silently leaves out what it cannot decode (ClipboardItem::WriteTo in
        // shell/browser/api/electron_api_clipboard_item.cc): ask that decoder first, so a copy
        // that would paste nothing fails out loud instead.
        if (nativeImage.createFromBuffer(Buffer.from(png)).isEmpty()) throw new Error('The clipboard cannot read this image (not a PNG).');
        entry['image/png'] = new Blob([new Uint8Array(png)], { type: 'image/png' });
      }
      await clipboard.write([new ClipboardItem(entry)]);
    },
  };
}

/** Native drags start from Reverie's window, whose page asked for them (a single-window app). */
export function createElectronDragger(getWindows: GetWindows): FileDragger {
  return {
    startDrag(files, iconPng) {
      const window = getWindows().find((candidate) => !candidate.isDestroyed());
      const [first] = files;
      if (!window) return fail(appError('internal', 'Reverie’s window is closed, so nothing can be dragged out of it.'));
      if (first === undefined) return fail(appError('not-found-locally', 'There are no image files to drag.'));
      const icon = nativeImage.createFromBuffer(Buffer.from(iconPng));
      // startDrag returns without a drag and without an error when the icon is empty
      // (WebContents::StartDrag in shell/browser/api/electron_api_web_contents.cc): say so here.
      if (icon.isEmpty()) return fail(appError('internal', 'The drag could not start: its picture could not be made.'));
      window.webContents.startDrag({ file: first, files: [...files], icon });
      return ok(null);
    },
  };
}

export function createElectronRevealer(): FileRevealer {
  return { reveal: (path) => shell.showItemInFolder(path) };
}
