import { randomUUID } from 'node:crypto';
import { copyFile, link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IMAGE_EXTENSIONS } from './image-type';
import type { DragFormat } from '../../shared/constants';
import type { LibraryItem } from '../../shared/domain';
import { renderNamingTemplate, sanitizeFileName, uniqueName } from './export-names';
import type { ImageStore } from './image-store';
import type { ImageCodec } from './ports';

export interface PreparedDrag {
  files: string[];
  /** The first image's thumbnail, shown under the pointer while dragging. */
  iconPath: string;
  skipped: number;
}

const CONVERTED_EXTENSION: Readonly<Record<Exclude<DragFormat, 'original'>, string>> = { png: 'png', jpeg: 'jpg', webp: 'webp' };

/**
 * The files a drag hands to the OS. Names are friendly (the prompt), not content hashes, because the
 * receiving app shows them. Originals are hard-linked into a drag folder inside the library (same
 * file system, so it is free); converted copies are encoded there. Each drag clears the folders of
 * earlier ones: by the time a new drag starts, the previous drop is over.
 */
export function createDragPreparer(store: ImageStore, codec: ImageCodec, root: string) {
  const dragRoot = join(root, 'drag');

  async function clearEarlierDrags(): Promise<void> {
    const names = await readdir(dragRoot).catch(() => [] as string[]);
    await Promise.all(names.map((name) => rm(join(dragRoot, name), { recursive: true, force: true })));
  }

  return {
    clearEarlierDrags,

    async prepare(items: readonly LibraryItem[], format: DragFormat): Promise<PreparedDrag | null> {
      await clearEarlierDrags();
      const usable = items.filter((item) => item.status === 'ok' && !item.fileMissing && item.fileHash && item.mimeType);
      const [first] = usable;
      if (!first?.fileHash) return null;
      const folder = join(dragRoot, randomUUID());
      await mkdir(folder, { recursive: true });
      const taken = new Set<string>();
      const files: string[] = [];
      for (const [index, item] of usable.entries()) {
        const hash = item.fileHash!;
        const mimeType = item.mimeType!;
        const source = store.originalPath(hash, mimeType);
        const extension = format === 'original' ? IMAGE_EXTENSIONS[mimeType] : CONVERTED_EXTENSION[format];
        const base = sanitizeFileName(renderNamingTemplate('{prompt}', item, index, usable.length));
        const target = join(folder, uniqueName(`${base}.${extension}`, taken));
        if (format === 'original') {
          // A hard link shares the bytes; where links are not possible, a copy is the same file to the receiver.
          await link(source, target).catch(() => copyFile(source, target));
        } else {
          const converted = await codec.convert(new Uint8Array(await readFile(source)), {
            format,
            quality: 92,
            longestEdge: null,
            strip: false,
            exif: null,
            xmp: null,
          });
          await writeFile(target, converted);
        }
        files.push(target);
      }
      return { files, iconPath: store.thumbnailPath(first.fileHash), skipped: items.length - usable.length };
    },
  };
}
