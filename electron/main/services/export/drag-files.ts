import { randomUUID } from 'node:crypto';
import { copyFile, link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DragFormat } from '../../../shared/constants';
import type { LibraryItem } from '../../../shared/domain';
import { appError, fail, messageOf, ok, type Result } from '../../../shared/errors';
import { renderNamingTemplate, sanitizeFileName, uniqueName } from './names';
import type { ImageStore } from '../library-folder/image-store';
import { IMAGE_EXTENSIONS } from '../image-type';
import type { ImageCodec } from '../ports';

/** Files ready for the OS drag, and the picture shown under the pointer. */
export interface DragFiles {
  files: string[];
  /** PNG bytes (see ImageCodec.dragIcon). */
  icon: Uint8Array;
  /** What the files are: the format asked for, or `original` when converted copies were not ready in time. */
  format: DragFormat;
  /** Items left out: no image file, or a file that could not be handed over. */
  skipped: number;
}

type Usable = LibraryItem & { fileHash: string; mimeType: NonNullable<LibraryItem['mimeType']> };

/** One set of items made ready to drag, in one folder of its own. */
interface Preparation {
  /** The items (ids and files), in any order: a drag of the same images in another order matches. */
  key: string;
  format: DragFormat;
  folder: string;
  /** Originals hard-linked and the icon made: quick, and always there to fall back on. */
  originals: Promise<Result<DragFiles>>;
  /** Everything asked for is ready, or failed, or was given up for a newer preparation. */
  done: Promise<Result<DragFiles>>;
  /** Converted copies once every one is written; set when a newer preparation takes over. */
  state: { converted: DragFiles | null; superseded: boolean };
}

const CONVERTED_EXTENSION: Readonly<Record<Exclude<DragFormat, 'original'>, string>> = { png: 'png', jpeg: 'jpg', webp: 'webp' };

const isUsable = (item: LibraryItem): item is Usable => item.status === 'ok' && !item.fileMissing && item.fileHash !== null && item.mimeType !== null;

const keyOf = (items: readonly Usable[]) =>
  items
    .map((item) => `${item.id}:${item.fileHash}`)
    .sort()
    .join(',');

/**
 * The files a drag hands to the OS, made ready BEFORE the drag: the OS drag has to start while the
 * mouse button is still down, so `handOver` (for drag:start) never converts and waits at most for
 * hard links and a small icon, while `prepare` (for drag:prepare, sent when a drag is likely) also
 * converts copies in the format chosen in Settings.
 *
 * Names are friendly (the prompt), not content hashes, because the receiving app shows them.
 * Originals are hard-linked into a folder inside the library (same file system, so it is free);
 * converted copies are encoded next to them. Folders of earlier preparations are removed in the
 * background, except the one last handed to the OS, which a drop target may still be reading.
 */
export function createDragPreparer(store: ImageStore, codec: ImageCodec, root: string) {
  const dragRoot = join(root, 'drag');
  let current: Preparation | null = null;
  let handedOver: string | null = null;
  let closed = false;

  /** Removes every drag folder not in use: superseded preparations, older drags, leftovers of an earlier run. */
  async function sweep(): Promise<void> {
    const names = await readdir(dragRoot).catch(() => [] as string[]);
    const keep = new Set([current?.folder, handedOver].filter((folder): folder is string => folder != null).map((folder) => basename(folder)));
    await Promise.all(names.filter((name) => !keep.has(name)).map((name) => rm(join(dragRoot, name), { recursive: true, force: true })));
  }

  async function makeIcon(first: Usable, count: number): Promise<Uint8Array> {
    // The thumbnail decodes in a blink; the original is the fallback when it is missing.
    const bytes = await readFile(store.thumbnailPath(first.fileHash)).catch(() => readFile(store.originalPath(first.fileHash, first.mimeType)));
    return codec.dragIcon(new Uint8Array(bytes), count);
  }

  /** Hard links (a copy where links are impossible) under the prompts; items whose file fails are skipped. */
  async function linkOriginals(items: readonly Usable[], folder: string): Promise<Array<{ item: Usable; path: string }>> {
    await mkdir(folder, { recursive: true });
    const taken = new Set<string>();
    const planned = items.map((item, index) => {
      const base = sanitizeFileName(renderNamingTemplate('{prompt}', item, index, items.length));
      return { item, path: join(folder, uniqueName(`${base}.${IMAGE_EXTENSIONS[item.mimeType]}`, taken)) };
    });
    const linked = await Promise.all(
      planned.map(async (entry) => {
        const source = store.originalPath(entry.item.fileHash, entry.item.mimeType);
        return link(source, entry.path)
          .catch(() => copyFile(source, entry.path))
          .then(() => entry)
          .catch(() => null);
      }),
    );
    return linked.filter((entry) => entry !== null);
  }

  /** Encodes one copy at a time, and stops as soon as a newer preparation takes over (null then). */
  async function convertCopies(originals: readonly string[], folder: string, format: Exclude<DragFormat, 'original'>, state: Preparation['state']) {
    await mkdir(folder, { recursive: true });
    const taken = new Set<string>();
    const files: string[] = [];
    for (const path of originals) {
      if (state.superseded) return null;
      const stem = basename(path).replace(/\.[^.]+$/, '');
      const target = join(folder, uniqueName(`${stem}.${CONVERTED_EXTENSION[format]}`, taken));
      try {
        const converted = await codec.convert(new Uint8Array(await readFile(path)), {
          format,
          quality: 92,
          longestEdge: null,
          strip: false,
          exif: null,
          xmp: null,
        });
        await writeFile(target, converted);
        files.push(target);
      } catch {
        // An image that does not convert is left out (and counted) rather than failing the drag.
      }
    }
    return files;
  }

  function begin(items: readonly Usable[], format: DragFormat): Preparation {
    const previous = current;
    if (previous) previous.state.superseded = true;
    const folder = join(dragRoot, randomUUID());
    const state: Preparation['state'] = { converted: null, superseded: false };

    const originals = (async (): Promise<Result<DragFiles>> => {
      const linked = await linkOriginals(items, join(folder, 'original'));
      const first = linked[0];
      if (!first) return fail(appError('storage', 'The image files could not be made ready to drag.'));
      const icon = await makeIcon(first.item, linked.length).catch((error: unknown) => error);
      if (!(icon instanceof Uint8Array)) {
        return fail(appError('storage', 'The drag could not start: its picture could not be made from this image.', { detail: messageOf(icon) }));
      }
      return ok({ files: linked.map((entry) => entry.path), icon, format: 'original', skipped: items.length - linked.length });
    })().catch((error: unknown) => fail(appError('storage', 'The image files could not be made ready to drag.', { detail: messageOf(error) })));

    const done = originals.then(async (ready): Promise<Result<DragFiles>> => {
      if (!ready.ok || format === 'original') return ready;
      const files = await convertCopies(ready.value.files, join(folder, format), format, state).catch(() => null);
      if (files === null) return fail(appError('cancelled', 'A newer drag was prepared instead.'));
      if (files.length === 0) return fail(appError('storage', `None of these images could be converted to ${format.toUpperCase()}.`));
      state.converted = { files, icon: ready.value.icon, format, skipped: items.length - files.length };
      return ok(state.converted);
    });

    const prep: Preparation = { key: keyOf(items), format, folder, originals, done, state };
    current = prep;
    // A preparation that failed is not kept: the next attempt starts afresh rather than repeating the failure.
    void done.then((result) => {
      if (!result.ok && current === prep) current = null;
    });
    // Earlier folders go once their preparation has stopped writing into them, off the drag's path.
    void (previous ? previous.done : Promise.resolve()).then(sweep).catch(() => undefined);
    return prep;
  }

  const nothingToDrag = () => fail(appError('not-found-locally', 'None of these items has an image file to drag.'));
  const withSkipped = (result: Result<DragFiles>, unusable: number): Result<DragFiles> =>
    result.ok ? ok({ ...result.value, skipped: result.value.skipped + unusable }) : result;

  return {
    /** Makes these items ready to drag in `format` (hard links, icon, converted copies); resolves when all is ready. */
    async prepare(items: readonly LibraryItem[], format: DragFormat): Promise<Result<DragFiles>> {
      if (closed) return fail(appError('cancelled', 'The library is closing.'));
      const usable = items.filter(isUsable);
      if (usable.length === 0) return nothingToDrag();
      const prep = current !== null && current.key === keyOf(usable) && current.format === format ? current : begin(usable, format);
      return withSkipped(await prep.done, items.length - usable.length);
    },

    /**
     * The files for a drag starting now: the prepared set when it is these items, converted copies
     * if they are ready in `format`, otherwise the originals. Never converts; without a preparation
     * it hard-links the originals and makes the icon, which takes milliseconds.
     */
    async handOver(items: readonly LibraryItem[], format: DragFormat): Promise<Result<DragFiles>> {
      if (closed) return fail(appError('cancelled', 'The library is closing.'));
      const usable = items.filter(isUsable);
      if (usable.length === 0) return nothingToDrag();
      const prep = current !== null && current.key === keyOf(usable) ? current : begin(usable, 'original');
      const { converted } = prep.state;
      const ready = format !== 'original' && prep.format === format && converted ? ok(converted) : await prep.originals;
      if (ready.ok) {
        const earlier = handedOver;
        handedOver = prep.folder;
        if (earlier !== null && earlier !== prep.folder) void sweep().catch(() => undefined);
      }
      return withSkipped(ready, items.length - usable.length);
    },

    /** Stops any preparation and removes every drag folder (the library is closing). */
    async close(): Promise<void> {
      closed = true;
      if (current) {
        current.state.superseded = true;
        await current.done;
      }
      await rm(dragRoot, { recursive: true, force: true });
    },
  };
}
