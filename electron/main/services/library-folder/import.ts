import { createHash } from 'node:crypto';
import { ASPECT_RATIOS, newLibraryItem, type AspectRatio, type ImportResult, type LibraryItem } from '../../../shared/domain';
import { embeddedPromptOf, type EmbeddedPrompt } from '../image-metadata/embedded-metadata';
import type { ImageStore, StoredImage } from './image-store';
import { sniffImageType } from '../image-type';
import type { Library } from '../library/library';
import type { ImageCodec } from '../ports';
import { messageOf } from '../../../shared/errors';

export interface ImportDeps {
  store: ImageStore;
  library: Library;
  codec: ImageCodec;
  now: () => number;
}

/** The model of an imported picture that does not say which made it. */
export const IMPORTED_MODEL = 'imported';

/** The ratio among the seven the model offers closest to the picture's shape (compared as logarithms, so 2:1 and 1:2 are equally far from 1:1). */
export function nearestAspectRatio(width: number, height: number): AspectRatio {
  const shape = Math.log(width / height);
  let best: AspectRatio = '1:1';
  let bestDistance = Infinity;
  for (const ratio of ASPECT_RATIOS) {
    const [w, h] = ratio.split(':').map(Number) as [number, number];
    const distance = Math.abs(shape - Math.log(w / h));
    if (distance < bestDistance) {
      best = ratio;
      bestDistance = distance;
    }
  }
  return best;
}

/** "sunset_final.png" → "sunset_final": an imported picture's title; null when the name leaves nothing. */
export function titleFromFileName(name: string): string | null {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.[^.]*$/, '').trim() || null;
}

/**
 * The file name is a title, not a prompt: a prompt is what made the picture, and only one embedded
 * in the file says that. Kept apart, the file name is still found by a search (the index reads
 * titles) without passing for a prompt in "Use prompt", "Copy prompt" or an export's metadata.
 */
function itemFor(name: string, stored: StoredImage, embedded: EmbeddedPrompt, now: number): LibraryItem {
  return newLibraryItem({
    ...stored,
    prompt: embedded.prompt ?? '',
    title: titleFromFileName(name),
    aspectRatio: embedded.aspectRatio ?? nearestAspectRatio(stored.width, stored.height),
    model: embedded.model ?? IMPORTED_MODEL,
    origin: 'imported',
    // The import date, unless Reverie's own export says when it was made: other tools' dates
    // (EXIF has no time zone, and is often the camera's unset clock) would scatter imports in time.
    createdAt: embedded.createdAt ?? now,
  });
}

/**
 * Files dropped into the window become library items, one by one: checked by their first bytes,
 * stored (original and thumbnail), their embedded prompt read, then sidecar, then row (rule 7).
 * A file that cannot be imported is skipped with a reason; the others still go in.
 */
export async function importImages(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>, deps: ImportDeps): Promise<ImportResult> {
  const result: ImportResult = { imported: [], skipped: [], existing: [] };
  const skip = (name: string, reason: string) => result.skipped.push({ name, reason });

  for (const { name, bytes } of files) {
    if (sniffImageType(bytes) === null) {
      skip(name, 'Not a PNG, JPEG or WebP image.');
      continue;
    }
    // Before storing anything: a duplicate must not even rewrite a thumbnail. Also catches the same
    // file twice in one drop, since each import's row is in before the next file is looked at.
    const known = deps.library.findByFileHash(createHash('sha256').update(bytes).digest('hex'));
    if (known) {
      skip(name, 'Already in the library.');
      result.existing.push({ name, item: known });
      continue;
    }
    let stored: StoredImage;
    try {
      stored = await deps.store.save(bytes);
    } catch (error) {
      skip(name, `The image could not be read or stored: ${messageOf(error)}`);
      continue;
    }
    // Metadata is a bonus: a picture whose headers say nothing usable is imported all the same.
    const embedded = await embeddedPromptOf(deps.codec, bytes, deps.now);
    const item = itemFor(name, stored, embedded, deps.now());
    try {
      await deps.store.writeSidecar(item);
      deps.library.insert(item);
    } catch (error) {
      // A sidecar left behind would bring the skipped file in at the next start. The stored bytes
      // stay: harmless without a row, and a later import of the same file reuses them.
      await deps.store.removeFiles(item, { keepImage: true }).catch(() => undefined);
      skip(name, `The image could not be added to the library: ${messageOf(error)}`);
      continue;
    }
    result.imported.push(item);
  }
  return result;
}
