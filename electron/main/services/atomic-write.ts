import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { codeOf } from '../../shared/errors';

/**
 * Temp files start with a dot (hidden from casual listings) and end in `.tmp`, so a sweep after a
 * crash can recognise the leftovers of interrupted writes without touching anything else.
 */
export const isTempFileName = (name: string): boolean => name.startsWith('.') && name.endsWith('.tmp');

/** A fresh temp name next to `targetPath` that isTempFileName recognises. */
export const tempPathFor = (targetPath: string): string => join(dirname(targetPath), `.${basename(targetPath)}.${randomBytes(6).toString('hex')}.tmp`);

/** The part of an open file an atomic write uses (Node's FileHandle). */
export interface AtomicWriteHandle {
  writeFile(data: Uint8Array | string): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The file calls an atomic write makes, Node's by default. Tests pass a layer over the real calls that
 * records their order or fails one part-way (a full disk), since neither is observable from outside.
 */
export interface AtomicWriteFs {
  open(path: string, flags: string, mode?: number): Promise<AtomicWriteHandle>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true }): Promise<void>;
}

const NODE_FS: AtomicWriteFs = nodeFs;

/**
 * Errors from fsync on a folder that mean "this platform cannot do that" (Windows, some network
 * file systems), not "the data is at risk": the rename itself has already happened.
 */
const FOLDER_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EINVAL']);

export async function syncFolder(folder: string, fs: AtomicWriteFs = NODE_FS): Promise<void> {
  try {
    const handle = await fs.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (!FOLDER_SYNC_UNSUPPORTED.has(codeOf(error) ?? '')) throw error;
  }
}

/**
 * Replaces `targetPath` with `data` so that a reader (or the next launch after a crash) sees either
 * the old content or the new, never a torn file: write a temp file in the same folder (a rename is
 * only atomic within one file system), fsync it, rename it over the target, then fsync the folder so
 * the rename itself survives a power cut. The folder must already exist.
 */
export async function writeFileAtomic(targetPath: string, data: Uint8Array | string, fs: AtomicWriteFs = NODE_FS): Promise<void> {
  await placeFileAtomically(targetPath, data, fs);
  await syncFolder(dirname(targetPath), fs);
}

/**
 * writeFileAtomic without the folder's fsync, for a caller that places many files in one folder
 * (an export of hundreds of images): each file still appears whole or not at all, and its bytes are
 * on disk before its name; the caller fsyncs the folder once after the last rename (syncFolder),
 * which makes every name it placed durable at once instead of paying one folder fsync a file.
 */
export async function placeFileAtomically(targetPath: string, data: Uint8Array | string, fs: AtomicWriteFs = NODE_FS): Promise<void> {
  const tempPath = tempPathFor(targetPath);
  try {
    // 'wx': never follow or reuse something already sitting at the temp name.
    const handle = await fs.open(tempPath, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tempPath, targetPath);
  } catch (error) {
    await fs.rm(tempPath, { force: true }).catch(() => undefined);
    throw error;
  }
}
