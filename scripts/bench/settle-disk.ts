import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Writes every dirty page to disk (POSIX `sync`) before the next section of the bench starts, so a
 * section is not timed while the kernel still writes out what the one before it left: seeding the
 * 1,000,000-item library leaves about 600 MB to flush, and the ingest that follows fsyncs every file
 * it writes (on this machine, with 600 MB waiting: 36 and 30 ms an image in two runs; after a sync, 29 and 30 ms).
 * Windows has no `sync`: there the sections simply follow each other.
 */
export async function settleDisk(): Promise<void> {
  if (process.platform === 'win32') return;
  await promisify(execFile)('sync');
}
