import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { appError, codeOf, type AppError } from '../../shared/errors';

/** Bytes this user may still write on the disk that holds `path`; null when the platform cannot say. */
export type FreeSpaceProbe = (path: string) => Promise<number | null>;

/**
 * Node's statfs on the nearest folder that exists (a restore's target is made later). `bavail`, not
 * `bfree`: the blocks reserved for root are no use to the user.
 */
export const diskFreeSpace: FreeSpaceProbe = async (path) => {
  let folder = path;
  for (let depth = 0; depth < 64; depth += 1) {
    try {
      const info = await statfs(folder);
      return info.bavail * info.bsize;
    } catch (error) {
      const parent = dirname(folder);
      if (codeOf(error) !== 'ENOENT' || parent === folder) return null;
      folder = parent;
    }
  }
  return null;
};

/**
 * Room asked for beyond the estimate: the database's journal, thumbnails, the system's own needs.
 * Work that would leave a disk at zero bytes fails somewhere else a moment later.
 */
export const WORKING_ROOM_BYTES = 64 * 1024 * 1024;

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** "2.4 GB", "180 MB": sizes in the sentences users read (binary units, as file managers on Linux and Windows count). */
export function formatSize(bytes: number): string {
  if (bytes >= GIB) return `${(bytes / GIB).toFixed(1)} GB`;
  return `${Math.max(1, Math.ceil(bytes / MIB))} MB`;
}

/**
 * A refusal naming how much `what` needs and how much is free, or null when it fits (or the platform
 * cannot tell, where the work runs and its own write errors speak).
 */
export async function checkFreeSpace(
  probe: FreeSpaceProbe,
  folder: string,
  estimateBytes: number,
  what: string,
  advice = 'Free up some space there, or choose another folder.',
): Promise<AppError | null> {
  const free = await probe(folder);
  if (free === null) return null;
  const needed = estimateBytes + WORKING_ROOM_BYTES;
  if (free >= needed) return null;
  return appError('storage', `${what} needs about ${formatSize(needed)} free on that disk, and only ${formatSize(free)} is free. ${advice}`, {
    detail: `needed ${needed} bytes (estimate ${estimateBytes} + ${WORKING_ROOM_BYTES} working room), free ${free} bytes, at ${folder}`,
  });
}

/** Carries the refusal out of code that fails by throwing; the caller turns it back into data. */
export class NotEnoughSpaceError extends Error {
  constructor(readonly refusal: AppError) {
    super(refusal.message);
  }
}

/** checkFreeSpace for code that fails by throwing: throws NotEnoughSpaceError with the refusal. */
export async function requireFreeSpace(...args: Parameters<typeof checkFreeSpace>): Promise<void> {
  const refusal = await checkFreeSpace(...args);
  if (refusal) throw new NotEnoughSpaceError(refusal);
}
