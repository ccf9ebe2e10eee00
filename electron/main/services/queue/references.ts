import { readFile } from 'node:fs/promises';
import type { LibraryItem } from '../../../shared/domain';
import { appError, fail, messageOf, ok, type Result } from '../../../shared/errors';
import { prepareReference, REFERENCE_LIMITS, ReferenceImageError, type ReferenceLimits } from '../api/reference-image';
import type { ImageStore } from '../library-folder/image-store';
import type { ImageCodec } from '../ports';

/**
 * The library items an edit or remix starts from: checked when the request is queued (each must be
 * in the library with its image), and read, made fit to send, when it goes out. A source is read
 * at send time, not queue time, so a queued remix holds ids, never megabytes.
 */
export interface ReferenceSource {
  /** The items, in order, or why one cannot be used. Nothing is read from disk here. */
  check(ids: readonly string[]): Result<LibraryItem[]>;
  /** Each item's original as a `data:image/...;base64,` URI within Reve's limits, in order. */
  read(ids: readonly string[]): Promise<Result<string[]>>;
}

export interface ReferenceSourceDeps {
  library: { get(id: string): LibraryItem | null };
  store: Pick<ImageStore, 'originalPath'>;
  codec: ImageCodec;
  limits?: ReferenceLimits;
}

const nameOf = (item: LibraryItem) => {
  const text = item.title ?? item.prompt;
  return text.length > 60 ? `“${text.slice(0, 57)}…”` : `“${text}”`;
};

export function createReferenceSource(deps: ReferenceSourceDeps): ReferenceSource {
  function check(ids: readonly string[]): Result<LibraryItem[]> {
    const items: LibraryItem[] = [];
    for (const id of ids) {
      const item = deps.library.get(id);
      if (!item)
        return fail(
          appError('invalid-input', 'A reference image is no longer in the library; remove it from the references and try again.', {
            detail: `Item id: ${id}`,
            mayHaveBeenCharged: false,
          }),
        );
      if (item.trashedAt !== null)
        return fail(
          appError('invalid-input', `The reference ${nameOf(item)} is in the trash; restore it or remove it from the references.`, {
            mayHaveBeenCharged: false,
          }),
        );
      if (item.fileHash === null || item.mimeType === null || item.fileMissing) {
        return fail(
          appError('invalid-input', `The reference ${nameOf(item)} has no image in the library, so it cannot be sent; remove it from the references.`, {
            mayHaveBeenCharged: false,
          }),
        );
      }
      items.push(item);
    }
    return ok(items);
  }

  return {
    check,
    async read(ids) {
      const checked = check(ids);
      if (!checked.ok) return checked;
      const uris: string[] = [];
      for (const item of checked.value) {
        try {
          // check() made sure both are there.
          const bytes = new Uint8Array(await readFile(deps.store.originalPath(item.fileHash as string, item.mimeType as NonNullable<LibraryItem['mimeType']>)));
          uris.push((await prepareReference(bytes, deps.codec, deps.limits ?? REFERENCE_LIMITS)).dataUri);
        } catch (error) {
          const why = error instanceof ReferenceImageError ? error.message : 'its file could not be read';
          return fail(
            appError('invalid-input', `The reference ${nameOf(item)} could not be prepared for sending: ${why}. Nothing was sent.`, {
              detail: messageOf(error),
              mayHaveBeenCharged: false,
            }),
          );
        }
      }
      return ok(uris);
    },
  };
}
