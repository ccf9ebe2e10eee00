import type { FolderPicker, LinkOpener, Notifier } from '../../electron/main/services/ports';

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

/** Stands in for the system folder dialog: answers with the folders a test queues up, then "cancelled". */
export function createScriptedFolderPicker(): FolderPicker & { answers: Array<string | null>; asked: string[] } {
  const answers: Array<string | null> = [];
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
