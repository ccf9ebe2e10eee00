import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageMimeType } from '../../../shared/domain';
import { appError, messageOf, type AppError } from '../../../shared/errors';
import { sniffImageType } from '../image-type';

/**
 * A paid image on disk but not yet in the library: a temp file in the image store's `incoming/`
 * folder (same file system as the library, so adopting it is a rename), hashed as it arrived.
 * Whoever holds one must adopt it into the store or delete it.
 */
export interface ReceivedImage {
  tempPath: string;
  /** sha256 of the file, hex. */
  fileHash: string;
  byteSize: number;
  /** From the magic bytes, never from a Content-Type. */
  mimeType: ImageMimeType;
  /**
   * The file's bytes, kept in memory as they were hashed and written (receiveImage), so filing the
   * image right after does not read back what it just wrote. Absent where only the file is known.
   */
  bytes?: Uint8Array;
}

export type Incoming =
  | { ok: true; image: ReceivedImage }
  /** Stopped as soon as the cap was passed; `after` is how many bytes had arrived by then. */
  | { ok: false; problem: 'too-large'; after: number }
  | { ok: false; problem: 'not-image'; byteSize: number };

/** The local disk failed while an image arrived (full, read-only, gone): a different fix than a network failure. */
export class IncomingFileError extends Error {
  constructor(cause: unknown) {
    super(messageOf(cause), { cause });
    this.name = 'IncomingFileError';
  }
}

/** The user's sentence for an `IncomingFileError`; `source` says which image it was. */
export function storageError(error: IncomingFileError, source: string): AppError {
  const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
  return appError('storage', 'The image could not be written to disk; check the free space and the library folder.', {
    detail: `Image: ${source}\n${code ? `${code}: ` : ''}${error.message}`,
  });
}

async function onDisk<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new IncomingFileError(error);
  }
}

/** Enough leading bytes to tell PNG, JPEG and WebP apart (WebP's tag sits at offset 8). */
const SNIFF_BYTES = 12;

/** Dot first and `.tmp` last, so the store's startup sweep recognises an abandoned one (see isTempFileName). */
export const incomingTempName = (): string => `.incoming-${randomBytes(8).toString('hex')}.tmp`;

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

function appendHead(head: Uint8Array, chunk: Uint8Array): Uint8Array {
  const joined = new Uint8Array(Math.min(SNIFF_BYTES, head.byteLength + chunk.byteLength));
  joined.set(head.subarray(0, joined.byteLength));
  joined.set(chunk.subarray(0, joined.byteLength - head.byteLength), head.byteLength);
  return joined;
}

/**
 * Streams `body` into a new temp file in `dir`, hashing on the way, and keeps it only if it is a
 * whole image within `maxBytes`. Nothing but a kept image survives: on a cap, a wrong type, a
 * broken connection, an abort or a disk error the file is deleted before this returns or throws,
 * so a cancelled job never leaves a file behind. Network and abort errors are rethrown for the
 * caller, which knows what they mean; disk errors come as `IncomingFileError`.
 */
export async function receiveImage(body: ReadableStream<Uint8Array> | null, dir: string, maxBytes: number): Promise<Incoming> {
  const tempPath = join(dir, incomingTempName());
  const handle = await onDisk(async () => {
    await mkdir(dir, { recursive: true });
    // 'wx': never follow or reuse something already sitting at the temp name.
    return open(tempPath, 'wx', 0o644);
  }).catch(async (error: unknown) => {
    await body?.cancel().catch(() => undefined);
    throw error;
  });
  const reader = body?.getReader() ?? null;
  let closed = false;
  let kept = false;
  try {
    const hash = createHash('sha256');
    // The chunks as written: at most maxBytes, which filing would read back into memory anyway.
    const chunks: Uint8Array[] = [];
    let total = 0;
    let head: Uint8Array = new Uint8Array(0);
    while (reader !== null) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) return { ok: false, problem: 'too-large', after: total };
      if (head.byteLength < SNIFF_BYTES) {
        head = appendHead(head, value);
        // Refuse a wrong type at its first bytes rather than after downloading all of it.
        if (head.byteLength === SNIFF_BYTES && sniffImageType(head) === null) return { ok: false, problem: 'not-image', byteSize: total };
      }
      hash.update(value);
      chunks.push(value);
      await onDisk(() => writeAll(handle, value));
    }
    const mimeType = sniffImageType(head);
    if (mimeType === null) return { ok: false, problem: 'not-image', byteSize: total };
    // The file is renamed into the library next; fsync first so a power cut cannot leave it torn there.
    await onDisk(() => handle.sync());
    closed = true;
    await onDisk(() => handle.close());
    kept = true;
    // A copy of our own, always: nothing the sender does to its chunks afterwards can change it.
    const bytes = Buffer.concat(chunks, total);
    return { ok: true, image: { tempPath, fileHash: hash.digest('hex'), byteSize: total, mimeType, bytes } };
  } finally {
    if (!kept) {
      // Cancelling closes the connection, so a sender we stopped listening to stops sending.
      await reader?.cancel().catch(() => undefined);
      if (!closed) await handle.close().catch(() => undefined);
      await rm(tempPath, { force: true }).catch(() => undefined);
    }
  }
}

/** Bytes already in memory (an inline base64 image) as a body for `receiveImage`. */
export function bodyOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}
