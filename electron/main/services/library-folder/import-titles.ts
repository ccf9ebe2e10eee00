import { readFile } from 'node:fs/promises';
import { embeddedPromptOf } from '../image-metadata/embedded-metadata';
import type { UntitledImports } from '../library/untitled-imports';
import type { ImageCodec } from '../ports';
import type { ImageStore } from './image-store';

export interface ImportTitlesReport {
  /** Items whose prompt was their file name, now their title (their sidecars are the caller's to rewrite). */
  retitled: string[];
  /** Items whose file carries the prompt they have: kept. */
  kept: number;
  /** Items whose file could not be read (missing, say): left for the next start. */
  unread: number;
}

export interface ImportTitlesDeps {
  imports: UntitledImports;
  store: Pick<ImageStore, 'originalPath'>;
  codec: Pick<ImageCodec, 'readEmbeddedText'>;
  now: () => number;
  /** Checked between files: the session may close meanwhile, and then nothing more is written. */
  cancelled: () => boolean;
}

/**
 * Settles pictures imported before titles (library/untitled-imports.ts): import stored
 * `embedded prompt ?? file name` as the prompt, so a file that carries no prompt today had its
 * name stored. Its prompt becomes its title and is emptied; a file that carries one keeps its
 * prompt. The file is read as import read it, so the answer is the one import would give now. A
 * file that cannot be read is left as it is, to be tried at the next start.
 */
export async function settleImportTitles({ imports, store, codec, now, cancelled }: ImportTitlesDeps): Promise<ImportTitlesReport> {
  const report: ImportTitlesReport = { retitled: [], kept: 0, unread: 0 };
  for (const item of imports.pending()) {
    if (cancelled()) break;
    if (item.prompt === '' || item.file === null) {
      imports.keep(item.id);
      report.kept += 1;
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(store.originalPath(item.file.fileHash, item.file.mimeType)));
    } catch {
      report.unread += 1;
      continue;
    }
    const embedded = await embeddedPromptOf(codec, bytes, now);
    if (cancelled()) break;
    if (embedded.prompt !== null) {
      imports.keep(item.id);
      report.kept += 1;
    } else if (imports.retitle(item.id)) {
      report.retitled.push(item.id);
    }
  }
  return report;
}
