import { open } from 'node:fs/promises';
import { codeOf } from '../../../shared/errors';

/**
 * What the write-ahead log beside a database holds, read before SQLite opens it. SQLite itself
 * never reports a damaged WAL: at open it replays frames up to the first one that fails its
 * checksum and silently drops the rest, committed transactions included. Reading the log first is
 * the only way to notice that, and to keep a copy before SQLite overwrites it.
 *
 * - `none`: no log, or an empty one (a clean close leaves none).
 * - `intact`: every frame checks out up to the last transaction, which may be broken: a kill between
 *   writing a frame's header and its page, or a power cut under `synchronous = NORMAL`, leaves one,
 *   and SQLite rightly drops it (that transaction never finished, or its loss is the documented price
 *   of NORMAL; the sidecars written before it bring its items back).
 * - `damaged`: a frame of the current log fails its checksum and a later commit of the current log
 *   follows it, so transactions that did finish are about to be dropped; or the header is garbage.
 */
export type WalState = 'none' | 'intact' | 'damaged';

// The WAL format, sqlite.org/fileformat2.html#walformat ("4.1 WAL File Format").
const HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;
const MAGIC_LITTLE_ENDIAN = 0x377f0682;
const MAGIC_BIG_ENDIAN = 0x377f0683;
const FORMAT_VERSION = 3007000;
/** Frames read per disk read: a few MiB at most whatever the log's size. */
const FRAMES_PER_READ = 256;

type Checksum = [number, number];

/**
 * SQLite's WAL checksum (fileformat2.html, "4.1"): the bytes as 32-bit words, big-endian when the
 * magic's low bit is set, little-endian otherwise; s0 += x[i] + s1; s1 += x[i+1] + s0, modulo 2^32.
 */
function checksum(bytes: Buffer, bigEndian: boolean, start: Checksum): Checksum {
  let [s0, s1] = start;
  for (let at = 0; at + 8 <= bytes.length; at += 8) {
    const x0 = bigEndian ? bytes.readUInt32BE(at) : bytes.readUInt32LE(at);
    const x1 = bigEndian ? bytes.readUInt32BE(at + 4) : bytes.readUInt32LE(at + 4);
    s0 = (s0 + x0 + s1) >>> 0;
    s1 = (s1 + x1 + s0) >>> 0;
  }
  return [s0, s1];
}

const isPageSize = (size: number) => size >= 512 && size <= 65536 && (size & (size - 1)) === 0;

export async function inspectWriteAheadLog(walPath: string): Promise<WalState> {
  let file;
  try {
    file = await open(walPath, 'r');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return 'none';
    throw error;
  }
  try {
    const { size } = await file.stat();
    // SQLite ignores a log shorter than its header (wal.c, walIndexRecover): nothing was committed.
    if (size < HEADER_BYTES) return 'none';
    const header = Buffer.alloc(HEADER_BYTES);
    await file.read(header, 0, HEADER_BYTES, 0);
    const magic = header.readUInt32BE(0);
    const pageSize = header.readUInt32BE(8);
    if ((magic !== MAGIC_LITTLE_ENDIAN && magic !== MAGIC_BIG_ENDIAN) || header.readUInt32BE(4) !== FORMAT_VERSION || !isPageSize(pageSize)) {
      return 'damaged';
    }
    const bigEndian = (magic & 1) === 1;
    let running = checksum(header.subarray(0, 24), bigEndian, [0, 0]);
    if (running[0] !== header.readUInt32BE(24) || running[1] !== header.readUInt32BE(28)) return 'damaged';
    const salt1 = header.readUInt32BE(16);
    const salt2 = header.readUInt32BE(20);

    const frameBytes = FRAME_HEADER_BYTES + pageSize;
    const frameCount = Math.floor((size - HEADER_BYTES) / frameBytes);
    const chunk = Buffer.alloc(frameBytes * FRAMES_PER_READ);
    let broken = false;
    for (let first = 0; first < frameCount; first += FRAMES_PER_READ) {
      const count = Math.min(FRAMES_PER_READ, frameCount - first);
      await file.read(chunk, 0, count * frameBytes, HEADER_BYTES + first * frameBytes);
      for (let i = 0; i < count; i += 1) {
        const frame = chunk.subarray(i * frameBytes, (i + 1) * frameBytes);
        const ofThisLog = frame.readUInt32BE(8) === salt1 && frame.readUInt32BE(12) === salt2;
        // A frame with another salt is left over from before the log was last restarted: the log ends there.
        if (!ofThisLog) return 'intact';
        if (broken) {
          // A commit after the break: a whole later transaction is about to be dropped with it.
          if (frame.readUInt32BE(4) !== 0) return 'damaged';
          continue;
        }
        const next = checksum(frame.subarray(FRAME_HEADER_BYTES), bigEndian, checksum(frame.subarray(0, 8), bigEndian, running));
        if (frame.readUInt32BE(0) === 0 || next[0] !== frame.readUInt32BE(16) || next[1] !== frame.readUInt32BE(20)) {
          broken = true;
          continue;
        }
        running = next;
      }
    }
    return 'intact';
  } finally {
    await file.close();
  }
}
