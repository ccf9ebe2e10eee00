import type {
  DesktopClipboard,
  FileDragger,
  FilePicker,
  FileRevealer,
  FolderPicker,
  LinkOpener,
  Notifier,
} from '../../electron/main/services/ports';

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

/** Stands in for the open/save dialogs: answers with queued paths, then "cancelled". */
export function createScriptedFilePicker(): FilePicker & { answers: Array<string | null>; asked: string[] } {
  const answers: Array<string | null> = [];
  const asked: string[] = [];
  return {
    answers,
    asked,
    async pickFile(title) {
      asked.push(title);
      return answers.shift() ?? null;
    },
    async pickSaveFile(title) {
      asked.push(title);
      return answers.shift() ?? null;
    },
  };
}

/** Stands in for the system clipboard; keeps every write (the image as the path main handed over). */
export function createRecordingClipboard(): DesktopClipboard & { writes: Array<{ text?: string; imagePath?: string }> } {
  const writes: Array<{ text?: string; imagePath?: string }> = [];
  return {
    writes,
    async write(content) {
      writes.push(content);
    },
  };
}

/** Stands in for the native drag; keeps the files and icon main handed over. */
export function createRecordingDragger(): FileDragger & { drags: Array<{ files: string[]; iconPath: string }> } {
  const drags: Array<{ files: string[]; iconPath: string }> = [];
  return { drags, startDrag: (files, iconPath) => void drags.push({ files: [...files], iconPath }) };
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
  /** What main put on the clipboard, handed to the native drag, and revealed in the file manager. */
  clipboardWrites: Array<{ text?: string; imagePath?: string }>;
  drags: Array<{ files: string[]; iconPath: string }>;
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
    clipboardWrites: clipboard.writes,
    drags: dragger.drags,
    revealed: revealer.revealed,
  };
  return { ports: { linkOpener, notifier, folderPicker, filePicker, clipboard, dragger, revealer }, records };
}
