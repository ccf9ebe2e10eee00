import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { ExportOptions, ExportSummary, LibraryItem } from '../../../shared/domain';
import { placeFileAtomically, syncFolder, type AtomicWriteFs } from '../atomic-write';
import { exportExtension, exportSidecar, manifestCsv, renderExportImage, type ManifestRow } from './metadata';
import { localDate, localTime, nameKey, renderNamingTemplate, sanitizeFileName, uniqueName } from './names';
import type { ImageStore } from '../library-folder/image-store';
import type { ImageCodec } from '../ports';
import { messageOf } from '../../../shared/errors';

export interface ExportDeps {
  store: ImageStore;
  codec: ImageCodec;
  now: () => number;
  /** Images converted at once; default: one per core (libvips also threads within each). */
  concurrency?: number;
  /** The file calls loose files are written with, Node's by default; tests record their order. */
  files?: AtomicWriteFs;
}

export interface ExportControl {
  /** Aborting stops starting new images; what is in flight is finished or discarded, never left half-written. */
  signal?: AbortSignal;
  /** After each item, whatever became of it. */
  onProgress?: (done: number, total: number) => void;
}

export const MANIFEST_NAME = 'manifest.csv';
const SIDECAR_SUFFIX = '.json';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Why an item has nothing to export; null when it has an image to read. */
function noImageReason(item: LibraryItem): string | null {
  if (item.status === 'refused') return 'The prompt was refused, so there is no image.';
  if (item.status === 'download-failed') return 'The image was never downloaded.';
  if (item.fileMissing || !item.fileHash || !item.mimeType) return 'The image file is missing from the library folder.';
  return null;
}

/** Every path written is checked, so no name (however it was built) can escape the destination. */
function inside(destinationDir: string, name: string): string {
  const root = resolve(destinationDir);
  const path = resolve(root, name);
  if (dirname(path) !== root || basename(path) !== name) throw new Error(`Refusing to write outside the export folder: ${JSON.stringify(name)}`);
  return path;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

interface Planned {
  item: LibraryItem;
  name: string;
  /** Where it appears in the manifest, which lists items in the order given. */
  row: ManifestRow;
}

/** Where bytes go: loose files in the folder, or entries of one streamed archive. */
interface Sink {
  put(name: string, data: Uint8Array | string): Promise<void>;
}

interface Converted {
  bytes: Uint8Array;
  exported: NonNullable<ManifestRow['exported']>;
}

/**
 * Exports `items` into `destinationDir` (which must exist) as loose files or one ZIP. Items
 * without an image, and images that fail to read or convert, are listed in `failed` and the rest
 * carry on. Nothing is left half-written: loose files appear atomically, the archive only when
 * complete. When cancelled, loose files already written stay (and are listed), the archive is not
 * made, and no manifest is written.
 */
export async function exportImages(
  items: LibraryItem[],
  options: ExportOptions,
  destinationDir: string,
  deps: ExportDeps,
  control: ExportControl = {},
): Promise<ExportSummary> {
  const { signal, onProgress } = control;
  const destination = resolve(destinationDir);
  if (!(await stat(destination)).isDirectory()) throw new Error(`The export folder is not a folder: ${destination}`);

  const summary: ExportSummary = { written: [], images: 0, skipped: [], failed: [], archive: null, cancelled: false };
  const rows: ManifestRow[] = [];
  const total = items.length;
  let done = 0;
  const tick = () => {
    done += 1;
    onProgress?.(done, total);
  };
  const fail = (item: LibraryItem, reason: string, name = '') => {
    summary.failed.push({ id: item.id, prompt: item.prompt, reason });
    rows.push({ status: 'failed', file: name, reason, item, exported: null });
  };

  // Names are settled up front, in the order given, so the same selection always exports to the same names.
  const existing = new Set<string>();
  if (!options.zip) for (const name of await readdir(destination)) existing.add(nameKey(name));
  const inBatch = new Set<string>();
  if (options.manifest) inBatch.add(nameKey(MANIFEST_NAME));
  const companions = (name: string) => (options.sidecars ? [`${name}${SIDECAR_SUFFIX}`] : []);

  const planned: Planned[] = [];
  let preDone = 0;
  items.forEach((item, index) => {
    const reason = noImageReason(item);
    if (reason !== null) {
      fail(item, reason);
      preDone += 1;
      return;
    }
    const wanted = `${renderNamingTemplate(options.namingTemplate, item, index, total)}.${exportExtension(item, options.format)}`;
    const clashes = (names: Set<string>) => [wanted, ...companions(wanted)].some((each) => names.has(nameKey(each)));
    let name: string;
    if (clashes(inBatch)) {
      // Two images of one export never replace or skip each other, whatever the conflict rule.
      name = uniqueName(wanted, new Set([...inBatch, ...existing]), companions);
    } else if (clashes(existing) && options.onConflict === 'skip') {
      summary.skipped.push({ name: wanted, reason: 'A file with this name is already in the folder.' });
      rows.push({ status: 'skipped', file: wanted, reason: 'A file with this name is already in the folder.', item, exported: null });
      preDone += 1;
      return;
    } else if (clashes(existing) && options.onConflict === 'rename') {
      name = uniqueName(wanted, new Set([...inBatch, ...existing]), companions);
    } else {
      name = wanted;
    }
    for (const each of [name, ...companions(name)]) inBatch.add(nameKey(each));
    const row: ManifestRow = { status: 'written', file: name, reason: '', item, exported: null };
    rows.push(row);
    planned.push({ item, name, row });
  });
  for (let i = 0; i < preDone; i += 1) tick();

  // The manifest's own name follows the conflict rule like any file.
  let manifestName: string | null = options.manifest ? MANIFEST_NAME : null;
  if (manifestName && !options.zip && existing.has(nameKey(manifestName))) {
    if (options.onConflict === 'skip') {
      summary.skipped.push({ name: manifestName, reason: 'A file with this name is already in the folder.' });
      manifestName = null;
    } else if (options.onConflict === 'rename') {
      manifestName = uniqueName(manifestName, new Set([...inBatch, ...existing]));
    }
  }

  /** The image's bytes as exported, and what its sidecar and the manifest say of them. */
  const convertOne = async ({ item }: Planned): Promise<Converted> => {
    const original = await readFile(deps.store.originalPath(item.fileHash as string, item.mimeType as NonNullable<LibraryItem['mimeType']>)).catch(
      (error: unknown) => {
        throw new Error(isMissing(error) ? 'The image file is missing from the library folder.' : `The image file could not be read: ${messageOf(error)}`);
      },
    );
    const bytes = await renderExportImage(new Uint8Array(original.buffer, original.byteOffset, original.byteLength), item, options, deps.codec);
    // The sidecar and the manifest describe the file written, after any resize and re-encode (a header read).
    return { bytes, exported: { ...(await deps.codec.inspect(bytes)), bytes: bytes.byteLength } };
  };

  const markFailed = (row: ManifestRow, error: unknown) => {
    row.status = 'failed';
    row.reason = messageOf(error);
    summary.failed.push({ id: row.item.id, prompt: row.item.prompt, reason: row.reason });
  };

  const writeOne = async (sink: Sink, { item, name, row }: Planned, { bytes, exported }: Converted) => {
    try {
      // Each file is listed once it is written (so the count is of files on disk); the image counts once its sidecar is there too.
      await sink.put(name, bytes);
      summary.written.push(name);
      if (options.sidecars) {
        const sidecarName = `${name}${SIDECAR_SUFFIX}`;
        await sink.put(sidecarName, exportSidecar(item, name, exported));
        summary.written.push(sidecarName);
      }
      summary.images += 1;
      row.exported = exported;
    } catch (error) {
      markFailed(row, error);
    }
    tick();
  };

  /**
   * One worker per core, each converting its next image while the file of the one before is being
   * written: converting is work for the cores, writing mostly waits for the disk (its fsync), and a
   * core left waiting for it would sit idle. At most one converted image per worker waits to be written.
   */
  const convertAll = async (sink: Sink) => {
    let next = 0;
    const worker = async () => {
      let writing: Promise<void> = Promise.resolve();
      while (!signal?.aborted && next < planned.length) {
        const job = planned[next] as Planned;
        next += 1;
        let converted: Converted;
        try {
          converted = await convertOne(job);
        } catch (error) {
          markFailed(job.row, error);
          tick();
          continue;
        }
        await writing;
        // Converted while the user cancelled: discarded, so a cancel means nothing new appears.
        if (signal?.aborted) break;
        writing = writeOne(sink, job, converted);
      }
      await writing;
    };
    const width = Math.max(1, Math.min(deps.concurrency ?? availableParallelism(), planned.length));
    await Promise.all(Array.from({ length: width }, worker));
  };

  if (!options.zip) {
    // Each file's bytes are fsynced before its rename (placeFileAtomically); one fsync of the folder
    // at the end makes all their names durable, rather than one folder fsync a file.
    await convertAll({ put: (name, data) => placeFileAtomically(inside(destination, name), data, deps.files) });
    if (!signal?.aborted && manifestName) {
      await placeFileAtomically(inside(destination, manifestName), manifestCsv(rows), deps.files);
      summary.written.push(manifestName);
    }
    // Nothing placed, nothing to make durable: an export whose every file failed (its folder gone
    // meanwhile, a full disk) returns its summary of failures rather than the folder's own error.
    if (summary.written.length > 0) await syncFolder(destination, deps.files);
    return signal?.aborted ? { ...summary, cancelled: true } : summary;
  }

  // ZIP: the archive's own name follows the conflict rule in the destination.
  const stamp = deps.now();
  const wantedArchive = sanitizeFileName(`Reverie export ${localDate(stamp)} ${localTime(stamp)}.zip`);
  let archive = wantedArchive;
  if (await exists(inside(destination, wantedArchive))) {
    if (options.onConflict === 'skip') {
      summary.skipped.push({ name: wantedArchive, reason: 'A file with this name is already in the folder.' });
      for (let i = done; i < total; i += 1) tick();
      return summary;
    }
    if (options.onConflict === 'rename') archive = uniqueName(wantedArchive, new Set((await readdir(destination)).map(nameKey)));
  }
  const target = inside(destination, archive);
  const temp = inside(destination, `.${archive}.${randomBytes(6).toString('hex')}.tmp`);

  const zip = new ZipFile();
  const output = createWriteStream(temp, { flags: 'wx', flush: true });
  zip.outputStream.pipe(output);
  const written = finished(output);
  // Keeps an early stream error from surfacing as an unhandled rejection before it is awaited.
  written.catch(() => undefined);
  let completed = false;
  try {
    const mtime = new Date(stamp);
    await convertAll({
      async put(name, data) {
        // Images are compressed already: storing them saves time and costs a few bytes.
        const compress = typeof data === 'string';
        zip.addBuffer(Buffer.from(data), name, { mtime, compress });
      },
    });
    if (signal?.aborted) {
      summary.cancelled = true;
      summary.written = [];
      summary.images = 0;
      return summary;
    }
    if (manifestName) {
      zip.addBuffer(Buffer.from(manifestCsv(rows)), manifestName, { mtime, compress: true });
      summary.written.push(manifestName);
    }
    zip.end();
    await written;
    await rename(temp, target);
    completed = true;
    await syncFolder(destination);
    summary.archive = archive;
    return summary;
  } finally {
    if (!completed) {
      zip.outputStream.unpipe(output);
      output.destroy();
      await finished(output).catch(() => undefined);
      await rm(temp, { force: true }).catch(() => undefined);
    }
  }
}
