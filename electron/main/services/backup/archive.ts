import { createHash } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as yauzl from 'yauzl';
import { z } from 'zod';
import { appError, codeOf, fail, messageOf, ok, type AppError, type Result } from '../../../shared/errors';
import { NotEnoughSpaceError, type FreeSpaceProbe } from '../free-space';
import { sniffImageType } from '../image-type';
import { isInItsShard, libraryFileAt, type LibraryFile } from '../library-folder/layout';
import { isStrictlyInside } from '../path-inside';
import { closeFileDescriptor, NotARegularFileError, openRegularFileDescriptor } from '../regular-file';
import { BACKUP_AREAS, BACKUP_FORMAT, BACKUP_VERSION, MANIFEST_ENTRY, SNAPSHOT_ENTRY, type BackupManifest } from './backup';

/*
 * Reading a backup archive, for a restore and a merge alike: nothing is unpacked until the archive's
 * whole directory has been checked (safe names, plain files, sizes within limits: no zip bomb), and
 * nothing is unpacked outside the folder it is unpacked into.
 */

/** What an archive may unpack to; beyond these it is damaged or built to fill the disk. */
export interface ArchiveLimits {
  /** Uncompressed size of any one entry (the database snapshot is the largest). */
  maxEntryBytes: number;
  /** Uncompressed size of all entries together. */
  maxTotalBytes: number;
  /** Uncompressed / compressed, for entries above `RATIO_FLOOR_BYTES`; deflate rarely passes 20 on real data. */
  maxRatio: number;
  maxEntries: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntryBytes: 8 * 1024 ** 3,
  maxTotalBytes: 512 * 1024 ** 3,
  maxRatio: 100,
  maxEntries: 2_000_000,
};

/** Small entries are left out of the ratio check: a tiny JSON file may compress very well and harms nobody. */
const RATIO_FLOOR_BYTES = 1024 * 1024;
const MANIFEST_MAX_BYTES = 64 * 1024;

export interface RestoreControl {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  limits?: Partial<ArchiveLimits>;
  /** Free bytes on a disk (tests simulate a full one); the unpacked archive must fit before anything is written. */
  freeSpace?: FreeSpaceProbe;
}

const Manifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.int().nonnegative(),
  items: z.int().nonnegative(),
  files: z.int().nonnegative(),
});

/** Every name a backup holds besides the manifest and the snapshot: `<area>/<2 hex>/<plain file name>`. */
const LIBRARY_ENTRY = new RegExp(`^(${BACKUP_AREAS.join('|')})/([0-9a-f]{2})/([A-Za-z0-9][A-Za-z0-9._-]{0,200})$`);

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;

/** An archive that is not a (safe, complete) Reverie backup: refused whole, nothing written. */
export class RefusedArchive extends Error {}
export class RestoreCancelled extends Error {}

const NOT_A_BACKUP = 'This file is not a Reverie backup, or it is damaged.';

export interface OpenedArchive {
  zip: yauzl.ZipFile;
  manifest: BackupManifest;
  /** Every file entry except the manifest, in archive order. */
  entries: yauzl.Entry[];
}

/** Why an entry name is unsafe to unpack anywhere, or null. */
function unsafeName(name: string): string | null {
  if (name.includes('\\')) return 'contains a backslash';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains control characters';
  const parts = name.split('/');
  if (parts.some((part) => part === '..' || part === '.')) return 'leaves its folder';
  if (parts.some((part) => part === '')) return 'has an empty path segment';
  return null;
}

function checkEntry(entry: yauzl.Entry, limits: ArchiveLimits): void {
  const name = entry.fileName;
  const unsafe = unsafeName(name);
  if (unsafe) throw new RefusedArchive(`The entry ${JSON.stringify(name)} ${unsafe}.`);
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (mode !== 0 && mode !== S_IFREG) throw new RefusedArchive(`The entry ${JSON.stringify(name)} is not a plain file (a link or a device).`);
  if (entry.isEncrypted()) throw new RefusedArchive(`The entry ${JSON.stringify(name)} is encrypted.`);
  if (name !== MANIFEST_ENTRY && name !== SNAPSHOT_ENTRY && !LIBRARY_ENTRY.test(name)) {
    throw new RefusedArchive(`The entry ${JSON.stringify(name)} is not part of a Reverie library.`);
  }
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    throw new RefusedArchive(`The entry ${JSON.stringify(name)} would unpack to ${entry.uncompressedSize} bytes, more than a backup holds.`);
  }
  if (entry.uncompressedSize > RATIO_FLOOR_BYTES && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
    throw new RefusedArchive(
      `The entry ${JSON.stringify(name)} is compressed ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))}:1, as only a zip bomb is.`,
    );
  }
}

async function readSmallEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): Promise<Buffer> {
  if (entry.uncompressedSize > maxBytes) throw new RefusedArchive(`The entry ${entry.fileName} is too large.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of await zip.openReadStreamPromise(entry)) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new RefusedArchive(`The entry ${entry.fileName} is too large.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Opens the archive and checks its whole directory before anything is unpacked: every name safe and
 * where a Reverie library puts it, plain files only, sizes within `limits`, the manifest first and
 * valid. Throws RefusedArchive (or yauzl's own error) otherwise; the caller closes `zip`.
 */
export async function openArchive(archivePath: string, limits: ArchiveLimits): Promise<OpenedArchive> {
  // Opened here rather than by yauzl.open: a folder, a FIFO or a device picked as the backup is refused
  // as not a backup, instead of a read error (a folder) or an open that never returns (a FIFO).
  let fd: number;
  try {
    fd = await openRegularFileDescriptor(archivePath);
  } catch (error) {
    if (error instanceof NotARegularFileError) throw new RefusedArchive(error.message);
    throw error;
  }
  let zip: yauzl.ZipFile;
  try {
    // strictFileNames: yauzl itself refuses backslashes, absolute paths and `..` as a second line.
    zip = await yauzl.fromFdPromise(fd, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true });
  } catch (error) {
    // Until it has a ZipFile, nothing else closes the descriptor; from then on zip.close() does (fd-slicer's last unref).
    await closeFileDescriptor(fd).catch(() => undefined);
    throw error;
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw new RefusedArchive(`The archive holds ${zip.entryCount} entries, more than a backup does.`);
    const all: yauzl.Entry[] = [];
    const seen = new Set<string>();
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) {
        const unsafe = unsafeName(entry.fileName.slice(0, -1));
        if (unsafe) throw new RefusedArchive(`The folder entry ${JSON.stringify(entry.fileName)} ${unsafe}.`);
        continue;
      }
      checkEntry(entry, limits);
      // Case-folded: on a case-insensitive disk two names differing in case are one file.
      const key = entry.fileName.toLowerCase();
      if (seen.has(key)) throw new RefusedArchive(`The entry ${JSON.stringify(entry.fileName)} appears twice.`);
      seen.add(key);
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) throw new RefusedArchive(`The archive would unpack to more than ${limits.maxTotalBytes} bytes.`);
      all.push(entry);
    }
    const [first, ...entries] = all;
    if (first?.fileName !== MANIFEST_ENTRY) throw new RefusedArchive(`The archive does not start with ${MANIFEST_ENTRY}.`);
    let json: unknown;
    try {
      json = JSON.parse((await readSmallEntry(zip, first, MANIFEST_MAX_BYTES)).toString('utf8'));
    } catch (error) {
      if (error instanceof RefusedArchive) throw error;
      throw new RefusedArchive(`${MANIFEST_ENTRY} is not valid JSON.`);
    }
    const version = (json as { version?: unknown } | null)?.version;
    if ((json as { format?: unknown } | null)?.format === BACKUP_FORMAT && typeof version === 'number' && version > BACKUP_VERSION) {
      throw new RefusedArchive(`The backup was made by a newer version of Reverie (backup version ${version}).`);
    }
    const parsed = Manifest.safeParse(json);
    if (!parsed.success) throw new RefusedArchive(`${MANIFEST_ENTRY} is not a Reverie backup manifest: ${z.prettifyError(parsed.error)}`);
    return { zip, manifest: parsed.data, entries };
  } catch (error) {
    zip.close();
    throw error;
  }
}

/** The refusal a restore or merge (`what`) answers with, for whatever stopped it. */
export function failureOf(error: unknown, what: string): AppError {
  if (error instanceof RestoreCancelled) return appError('cancelled', `The ${what} was cancelled.`);
  if (error instanceof NotEnoughSpaceError) return error.refusal;
  if (error instanceof RefusedArchive) return appError('invalid-input', NOT_A_BACKUP, { detail: error.message });
  // yauzl's own refusals (a bad signature, a truncated file, an unsafe name it caught first).
  if (codeOf(error) === undefined) return appError('invalid-input', NOT_A_BACKUP, { detail: messageOf(error) });
  return appError('storage', `The ${what} could not be completed; check the free space and the folder.`, { detail: messageOf(error) });
}

export const limitsOf = (control: Pick<RestoreControl, 'limits'>): ArchiveLimits => ({ ...DEFAULT_ARCHIVE_LIMITS, ...control.limits });

/** The manifest of the backup at `archivePath`, once its whole directory has been checked. */
export async function readBackupManifest(archivePath: string, control: Pick<RestoreControl, 'limits'> = {}): Promise<Result<BackupManifest>> {
  try {
    const { zip, manifest } = await openArchive(archivePath, limitsOf(control));
    zip.close();
    return ok(manifest);
  } catch (error) {
    return fail(failureOf(error, 'reading of the backup'));
  }
}

/** What `entries` unpack to, as the archive's directory (checked against the real bytes while unpacking) says. */
export const unpackedSize = (entries: readonly yauzl.Entry[]): number => entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);

/** Why an unpacked original cannot be kept, or null when its bytes are what its name says. */
function originalRefusal(file: Extract<LibraryFile, { kind: 'original' }>, found: string, head: Buffer | null): string | null {
  if (found !== file.fileHash) return `its bytes hash to ${found}`;
  if (!isInItsShard(file)) return 'it is in the wrong folder';
  const sniffed = head ? sniffImageType(new Uint8Array(head)) : null;
  return sniffed === file.mimeType ? null : 'it is not the image type its name says';
}

/**
 * Unpacks `entries` under `dest`, each file synced to disk. An original whose bytes do not hash to
 * its name (or are not the image type its extension says) is deleted again and reported by name.
 */
export async function unpack(
  { zip }: OpenedArchive,
  entries: readonly yauzl.Entry[],
  dest: string,
  control: RestoreControl,
  progress: { done: number; total: number },
  problems: string[],
): Promise<{ refusedHashes: Set<string>; folders: Set<string> }> {
  const refusedHashes = new Set<string>();
  const folders = new Set<string>();
  for (const entry of entries) {
    if (control.signal?.aborted) throw new RestoreCancelled();
    const target = resolve(dest, ...entry.fileName.split('/'));
    // Checked once more against the real destination: no name reaches outside it.
    if (!isStrictlyInside(dest, target)) throw new RefusedArchive(`The entry ${JSON.stringify(entry.fileName)} would be written outside the folder.`);
    if (!folders.has(dirname(target))) {
      await mkdir(dirname(target), { recursive: true });
      folders.add(dirname(target));
    }
    const file = libraryFileAt(entry.fileName.split('/'));
    const original = file?.kind === 'original' ? file : null;
    const hash = createHash('sha256');
    let head: Buffer | null = null;
    const handle = await open(target, 'wx', 0o644);
    const source: Readable = await zip.openReadStreamPromise(entry);
    await pipeline(
      source,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          if (original) {
            hash.update(chunk);
            head ??= chunk.subarray(0, 16);
          }
          yield chunk;
        }
      },
      handle.createWriteStream({ flush: true }),
      { signal: control.signal },
    ).catch((error: unknown) => {
      if (control.signal?.aborted) throw new RestoreCancelled();
      throw error;
    });
    const reason = original ? originalRefusal(original, hash.digest('hex'), head) : null;
    if (original && reason) {
      await rm(target, { force: true });
      refusedHashes.add(original.fileHash);
      problems.push(`The image ${entry.fileName} in the backup was left out: ${reason}.`);
    }
    progress.done += 1;
    control.onProgress?.(progress.done, progress.total);
  }
  return { refusedHashes, folders };
}
