import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import type { Page } from 'playwright';
import type { DesktopClipboard, FileDragger, FilePicker, FileRevealer, FolderPicker, LinkOpener, Notifier } from '../../electron/main/services/ports';
import type { DesktopPorts } from '../../tests/e2e/harness/browser-studio';
import { createRecordingClipboard, createRecordingDragger, createRecordingRevealer } from '../../tests/support/recording-ports';
import { askForPath } from './path-prompt';

/** One line on the preview's terminal for what the app would have done on the desktop. */
export type Say = (line: string) => void;

/**
 * The desktop around the studio in the preview. The file dialogs are real: an in-page path prompt
 * asks for the path, so Import, Export, Move, Back up and Restore work. What a browser page cannot
 * do for main (clipboard, native drag, file manager, system notifications and browser) is recorded
 * as in the tests, and said on the terminal so nothing happens silently.
 */
export function createPreviewDesktop(getPage: () => Page | undefined, say: Say): DesktopPorts {
  const home = homedir();
  const asked = async (title: string, path: string | null) => {
    say(path === null ? `"${title}" was cancelled` : `"${title}": ${path}`);
    return path;
  };

  const folderPicker: FolderPicker = {
    pickFolder: async (title) => asked(title, await askForPath(getPage(), { title, want: { kind: 'folder' }, suggestion: home + sep })),
  };
  const filePicker: FilePicker = {
    pickFile: async (title, extensions) =>
      asked(title, await askForPath(getPage(), { title, want: { kind: 'open-file', extensions }, suggestion: home + sep })),
    // One path a prompt: the preview imports one picked file at a time (several by dropping them on the page).
    pickFiles: async (title, _kind, extensions) => {
      const path = await asked(title, await askForPath(getPage(), { title, want: { kind: 'open-file', extensions }, suggestion: home + sep }));
      return path === null ? null : [path];
    },
    pickSaveFile: async (title, defaultName, extensions) =>
      asked(title, await askForPath(getPage(), { title, want: { kind: 'save-file', extensions }, suggestion: join(home, defaultName) })),
  };

  const recordedClipboard = createRecordingClipboard();
  const clipboard: DesktopClipboard = {
    write: async (content) => {
      const what = Object.entries(content)
        .filter(([, value]) => value !== undefined)
        .map(([key]) => (key === 'text' ? 'the prompt text' : 'the image'));
      say(`would copy ${what.join(' and ')} to the clipboard (the preview cannot reach the system clipboard)`);
      return recordedClipboard.write(content);
    },
  };
  const recordedDragger = createRecordingDragger();
  const dragger: FileDragger = {
    startDrag: (...args: Parameters<FileDragger['startDrag']>) => {
      const [files] = args;
      say(`would drag ${files.length === 1 ? 'a file' : `${files.length} files`} out of the window (no native drag in the preview): ${files.join(', ')}`);
      return recordedDragger.startDrag(...args);
    },
  };
  const recordedRevealer = createRecordingRevealer();
  const revealer: FileRevealer = {
    reveal: (path) => {
      say(`would show ${path} in the file manager`);
      recordedRevealer.reveal(path);
    },
  };
  const notifier: Notifier = { notify: (title, body) => say(`notification: ${title}: ${body}`) };
  const linkOpener: LinkOpener = {
    open: async (url) => say(`would open ${url} in the system browser; open it yourself if you need it`),
  };

  return { folderPicker, filePicker, clipboard, dragger, revealer, notifier, linkOpener };
}
