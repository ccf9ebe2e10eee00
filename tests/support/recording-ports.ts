import type { DesktopClipboard, FileDragger, FilePicker, FileRevealer, FolderPicker, LinkOpener, Notifier } from '../../electron/main/services/ports';
import { sniffImageType } from '../../electron/main/services/image-type';
import { appError, fail, ok } from '../../electron/shared/errors';

/** Stands in for the system notification center where there is none (tests, preview); keeps what was shown. */
export function createRecordingNotifier(): Notifier & { shown: Array<{ title: string; body: string }> } {
  const shown: Array<{ title: string; body: string }> = [];
  return { shown, notify: (title, body) => void shown.push({ title, body }) };
}

/** Stands in for the system browser; keeps the pages Reverie asked to open. */
export function createRecordingLinkOpener(): LinkOpener & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    async open(url) {
      opened.push(url);
    },
  };
}

/**
 * Stands in for the system folder dialog: answers with the folders a test queues up, then
 * "cancelled". A queued promise keeps the dialog open until the test settles it.
 */
export function createScriptedFolderPicker(): FolderPicker & { answers: Array<string | null | Promise<string | null>>; asked: string[] } {
  const answers: Array<string | null | Promise<string | null>> = [];
  const asked: string[] = [];
  return {
    answers,
    asked,
    async pickFolder(title) {
      asked.push(title);
      return answers.shift() ?? null;
    },
  };
}

/**
 * Stands in for the open/save dialogs: answers with queued paths (`answers` for one file,
 * `fileLists` for several), then "cancelled". As the Electron adapter, a choice of no files is a
 * cancel (null), never an empty list.
 */
export function createScriptedFilePicker(): FilePicker & { answers: Array<string | null>; fileLists: Array<string[] | null>; asked: string[] } {
  const answers: Array<string | null> = [];
  const fileLists: Array<string[] | null> = [];
  const asked: string[] = [];
  return {
    answers,
    fileLists,
    asked,
    async pickFile(title) {
      asked.push(title);
      return answers.shift() ?? null;
    },
    async pickFiles(title) {
      asked.push(title);
      const files = fileLists.shift() ?? null;
      return files !== null && files.length > 0 ? files : null;
    },
    async pickSaveFile(title) {
      asked.push(title);
      return answers.shift() ?? null;
    },
  };
}

/** What main put on the clipboard: the image as the PNG bytes it handed over. */
export type ClipboardWrite = { text?: string; png?: Uint8Array };
/** What main handed to a native drag: the files and the PNG icon. */
export type DragRecord = { files: string[]; icon: Uint8Array };

/**
 * Stands in for the system clipboard; keeps every write. Like the Electron adapter, it refuses an
 * image that is not PNG (Electron's clipboard would drop it without a word).
 */
export function createRecordingClipboard(): DesktopClipboard & { writes: ClipboardWrite[] } {
  const writes: ClipboardWrite[] = [];
  return {
    writes,
    async write(content) {
      if (content.png && sniffImageType(content.png) !== 'image/png') throw new Error('The clipboard cannot read this image (not a PNG).');
      writes.push(content);
    },
  };
}

/**
 * Stands in for the native drag; keeps the files and icon main handed over. Like the Electron
 * adapter, it refuses an icon that is not PNG (startDrag would silently not drag).
 */
export function createRecordingDragger(): FileDragger & { drags: DragRecord[] } {
  const drags: DragRecord[] = [];
  return {
    drags,
    startDrag(files, icon) {
      if (sniffImageType(icon) !== 'image/png') return fail(appError('internal', 'The drag could not start: its picture could not be made.'));
      drags.push({ files: [...files], icon });
      return ok(null);
    },
  };
}

/** Stands in for "Show in folder"; keeps what was revealed. */
export function createRecordingRevealer(): FileRevealer & { revealed: string[] } {
  const revealed: string[] = [];
  return { revealed, reveal: (path) => void revealed.push(path) };
}

/** What a test can read from (and script for) the desktop around a hosted studio. */
export interface DesktopRecords {
  /** Pages the studio asked the system browser to open (no browser is opened). */
  openedLinks: string[];
  /** System notifications the studio raised. */
  notifications: Array<{ title: string; body: string }>;
  /** Answers for the "choose a folder" dialog, in order; none left means cancelled; a promise keeps it open. */
  folderAnswers: Array<string | null | Promise<string | null>>;
  /** Answers for the open/save file dialogs (backups), in order. */
  fileAnswers: Array<string | null>;
  /** Answers for the open dialog that picks several files (Import Images…), in order; none left means cancelled. */
  fileListAnswers: Array<string[] | null>;
  /** What main put on the clipboard, handed to the native drag, and revealed in the file manager. */
  clipboardWrites: ClipboardWrite[];
  drags: DragRecord[];
  revealed: string[];
}

/** Every desktop port a studio needs, as recording stand-ins, plus what they recorded. */
export function createRecordingDesktop() {
  const linkOpener = createRecordingLinkOpener();
  const notifier = createRecordingNotifier();
  const folderPicker = createScriptedFolderPicker();
  const filePicker = createScriptedFilePicker();
  const clipboard = createRecordingClipboard();
  const dragger = createRecordingDragger();
  const revealer = createRecordingRevealer();
  const records: DesktopRecords = {
    openedLinks: linkOpener.opened,
    notifications: notifier.shown,
    folderAnswers: folderPicker.answers,
    fileAnswers: filePicker.answers,
    fileListAnswers: filePicker.fileLists,
    clipboardWrites: clipboard.writes,
    drags: dragger.drags,
    revealed: revealer.revealed,
  };
  return { ports: { linkOpener, notifier, folderPicker, filePicker, clipboard, dragger, revealer }, records };
}
