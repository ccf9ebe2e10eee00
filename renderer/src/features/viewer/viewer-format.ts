import type { LibraryItem } from '../../../../electron/shared/domain';

const EXCERPT_LENGTH = 80;

/** The dialog's name: the start of the prompt, or a plain title for an item without one. */
export function promptExcerpt(prompt: string): string {
  const text = prompt.trim().replace(/\s+/g, ' ');
  if (text === '') return 'Image viewer';
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…` : text;
}

const KB = 1024;
const MB = 1024 * KB;
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** "812 bytes", "1.2 KB", "2.4 MB" (binary units, as the file managers on Windows and Linux show them). */
export function formatBytes(bytes: number): string {
  if (bytes < KB) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  if (bytes < MB) return `${oneDecimal.format(bytes / KB)} KB`;
  return `${oneDecimal.format(bytes / MB)} MB`;
}

const count = new Intl.NumberFormat('en-US');

export function formatCredits(credits: number): string {
  return `${count.format(credits)} credits`;
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Local time, as the rest of the app shows dates. */
export function formatCreated(epochMs: number): string {
  return when.format(epochMs);
}

/** The item has an image file that can be shown. */
export function hasImage(item: LibraryItem): boolean {
  return item.status === 'ok' && !item.fileMissing && item.fileHash !== null;
}

export function statusText(item: LibraryItem): string {
  const base =
    item.status === 'refused'
      ? 'Refused by the API’s content policy'
      : item.status === 'download-failed'
        ? 'Download failed (paid; it can be downloaded again)'
        : item.fileMissing
          ? 'File missing from the library folder'
          : item.origin === 'imported'
            ? 'Imported'
            : 'Saved';
  return item.trashedAt !== null ? `${base} · in the trash` : base;
}

/** What the stage says instead of an image. */
export function placeholderText(item: LibraryItem): string {
  if (item.status === 'refused') return 'No image: the API refused this prompt under its content policy.';
  if (item.status === 'download-failed') {
    return 'No image yet: the download failed. The image was paid for; Download again in the queue fetches it without a new charge.';
  }
  if (item.fileMissing || item.fileHash === null) return 'The image file is missing from the library folder.';
  return 'The image could not be shown.';
}
