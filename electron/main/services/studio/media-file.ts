import { realpath, stat } from 'node:fs/promises';
import { ItemId, type MediaVariant } from '../../../shared/domain';
import { isStrictlyInside } from '../path-inside';
import type { LibrarySession } from './session';
import type { MediaFile } from './types';

/**
 * The real path of `file` when it is a regular file inside the library folder once every symlink is
 * resolved (the folder's own path may be a link, e.g. /var → /private/var on macOS), else null.
 * A link placed in the library, or a shard folder made a link, could otherwise serve any file the
 * user can read (~/.ssh, the keychain's files) to the page as an "image". The caller reads the real
 * path, so what is read is what was checked.
 */
export async function realFileInside(root: string, file: string): Promise<string | null> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!isStrictlyInside(realRoot, realFile)) return null;
    return (await stat(realFile)).isFile() ? realFile : null;
  } catch {
    return null;
  }
}

/** The image file (original or thumbnail) of a library item, by id only; null when there is none to serve. */
export async function resolveMedia(session: Pick<LibrarySession, 'root' | 'library' | 'store'>, variant: MediaVariant, id: string): Promise<MediaFile | null> {
  if (!ItemId.safeParse(id).success) return null;
  const item = session.library.get(id);
  if (!item?.fileHash || !item.mimeType) return null;
  const file: MediaFile =
    variant === 'thumb'
      ? { path: session.store.thumbnailPath(item.fileHash), mimeType: 'image/webp' }
      : { path: session.store.originalPath(item.fileHash, item.mimeType), mimeType: item.mimeType };
  const real = await realFileInside(session.root, file.path);
  return real === null ? null : { ...file, path: real };
}
