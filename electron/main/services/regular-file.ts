import { close, constants, fstat, open } from 'node:fs';
import { promisify } from 'node:util';

/**
 * Flags for opening a file the user chose, to read it. Opening a FIFO for reading otherwise waits
 * until something opens it for writing, which may be never: the call holds one of libuv's threads
 * and the import or restore hangs. With O_NONBLOCK the open returns at once, and the caller's fstat
 * tells it that this is no file (open(2), "O_NONBLOCK": for a FIFO, the open for reading "succeeds
 * immediately"); on a regular file the flag changes nothing. Windows has no O_NONBLOCK, and no FIFO
 * a picked path can name.
 */
export const READ_WITHOUT_WAITING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The path names something other than a regular file: a folder, a FIFO, a device. */
export class NotARegularFileError extends Error {
  constructor(readonly path: string) {
    super(`${path} is not a file.`);
    this.name = 'NotARegularFileError';
  }
}

const openFd = promisify(open);
const fstatFd = promisify(fstat);
/** Closes a descriptor from openRegularFileDescriptor that no reader took over. */
export const closeFileDescriptor = promisify(close);

/**
 * A descriptor for reading `path`, only when it is a regular file (checked on the descriptor
 * itself, so what is checked is what is read). A plain number, not a FileHandle, for a reader that
 * closes it on its own (yauzl's ZipFile.close). Throws NotARegularFileError, or the open's error.
 */
export async function openRegularFileDescriptor(path: string): Promise<number> {
  const fd = await openFd(path, READ_WITHOUT_WAITING);
  try {
    if (!(await fstatFd(fd)).isFile()) throw new NotARegularFileError(path);
    return fd;
  } catch (error) {
    await closeFileDescriptor(fd).catch(() => undefined);
    throw error;
  }
}
