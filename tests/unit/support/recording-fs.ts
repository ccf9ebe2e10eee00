import * as nodeFs from 'node:fs/promises';
import type { AtomicWriteFs, AtomicWriteHandle } from '../../../electron/main/services/atomic-write';

export interface FsCall {
  op: 'open' | 'writeFile' | 'sync' | 'close' | 'rename' | 'rm';
  path: string;
  flags?: string;
  to?: string;
}

export interface RecordingFsOptions {
  /** A write to a file whose name passes this test stores only this many bytes, then fails as a full disk does (ENOSPC). */
  fullDiskAfter?: { bytes: number; when?: (path: string) => boolean };
  /** Every rename fails with this errno code (EIO, EXDEV…). */
  failRename?: string;
  /** Every rm fails too, as if the process died before it could clean up. */
  failRm?: boolean;
}

const errnoError = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { code });

/**
 * The real file calls, recorded in order, with the failures a test asks for. Everything that does
 * happen happens on disk, so a test checks the files themselves as well as the order of the calls.
 */
export function recordingFs(options: RecordingFsOptions = {}): AtomicWriteFs & { calls: FsCall[] } {
  const calls: FsCall[] = [];
  return {
    calls,
    async open(path, flags, mode) {
      calls.push({ op: 'open', path, flags });
      const handle = await nodeFs.open(path, flags, mode);
      const wrapped: AtomicWriteHandle = {
        async writeFile(data) {
          calls.push({ op: 'writeFile', path });
          const full = options.fullDiskAfter;
          if (full && (full.when?.(path) ?? true)) {
            const bytes = typeof data === 'string' ? Buffer.from(data) : data;
            await handle.write(bytes.subarray(0, full.bytes));
            throw errnoError('ENOSPC', 'no space left on device, write');
          }
          await handle.writeFile(data);
        },
        async sync() {
          calls.push({ op: 'sync', path });
          await handle.sync();
        },
        async close() {
          calls.push({ op: 'close', path });
          await handle.close();
        },
      };
      return wrapped;
    },
    async rename(from, to) {
      calls.push({ op: 'rename', path: from, to });
      if (options.failRename) throw errnoError(options.failRename, `rename '${from}' -> '${to}'`);
      await nodeFs.rename(from, to);
    },
    async rm(path, rmOptions) {
      calls.push({ op: 'rm', path });
      if (options.failRm) throw errnoError('EIO', `rm '${path}'`);
      await nodeFs.rm(path, rmOptions);
    },
  };
}
