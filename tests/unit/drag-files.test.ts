import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { createDragPreparer } from '../../electron/main/services/export/drag-files';
import { createImageStore } from '../../electron/main/services/library-folder/image-store';
import type { ImageCodec } from '../../electron/main/services/ports';
import type { LibraryItem } from '../../electron/shared/domain';
import { makeImage, makeItem, useTempDirs } from './support/library-fixtures';

/** Drag files made ready ahead of the drag, with real files, hard links and sharp. */

const tempDir = useTempDirs();
const sharpCodec = createSharpImageCodec();

/** sharp, counting what it is asked to do, and able to hold conversions until the test lets go. */
function countingCodec() {
  const calls = { convert: 0, dragIcon: 0 };
  let gate: Promise<void> = Promise.resolve();
  const codec: ImageCodec = {
    ...sharpCodec,
    async convert(bytes, options) {
      calls.convert += 1;
      await gate;
      return sharpCodec.convert(bytes, options);
    },
    async dragIcon(bytes, count) {
      calls.dragIcon += 1;
      return sharpCodec.dragIcon(bytes, count);
    },
  };
  return {
    codec,
    calls,
    holdConversions() {
      let release: () => void = () => undefined;
      gate = new Promise((resolve) => (release = resolve));
      return () => release();
    },
  };
}

async function setup(count = 2, format: 'png' | 'webp' = 'png') {
  const root = await tempDir();
  const counting = countingCodec();
  const store = createImageStore(root, counting.codec);
  const items: LibraryItem[] = [];
  for (let index = 0; index < count; index += 1) {
    const stored = await store.save(await makeImage(format, 64 + index, 48, index + 1));
    items.push(makeItem({ prompt: `picture ${index + 1}`, fileHash: stored.fileHash, mimeType: stored.mimeType }));
  }
  const drags = createDragPreparer(store, counting.codec, root);
  return { root, store, items, drags, ...counting };
}

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('drag files: hand-over without a preparation', () => {
  it('hard-links the originals under their prompts and makes a PNG icon with the count, converting nothing', async () => {
    const { items, drags, calls, store } = await setup(2);
    const ready = unwrap(await drags.handOver(items, 'png'));
    expect(ready.format).toBe('original');
    expect(ready.files.map((file) => basename(file)).sort()).toEqual(['picture 1.png', 'picture 2.png']);
    const linked = await stat(ready.files[0]!);
    const original = await stat(store.originalPath(items[0]!.fileHash!, 'image/png'));
    expect(linked.ino).toBe(original.ino);
    expect(calls.convert).toBe(0);
    const icon = await sharp(ready.icon).metadata();
    expect([icon.format, icon.width, icon.height]).toEqual(['png', 96, 96]);
  });

  it('makes a WebP original’s icon a PNG', async () => {
    const { items, drags } = await setup(1, 'webp');
    const ready = unwrap(await drags.handOver(items, 'original'));
    expect(basename(ready.files[0]!)).toBe('picture 1.webp');
    expect((await sharp(ready.icon).metadata()).format).toBe('png');
  });

  it('leaves out items without a file, and says nothing can be dragged when none has one', async () => {
    const { items, drags } = await setup(1);
    const missing = makeItem({ fileMissing: true });
    expect(unwrap(await drags.handOver([items[0]!, missing], 'original'))).toMatchObject({ skipped: 1 });
    expect(await drags.handOver([missing], 'original')).toMatchObject({ ok: false, error: { code: 'not-found-locally' } });
  });

  it('answers a plain failure when the icon cannot be made', async () => {
    const { items, store, root } = await setup(1);
    const broken: ImageCodec = { ...sharpCodec, dragIcon: () => Promise.reject(new Error('vips: unsupported')) };
    const reply = await createDragPreparer(store, broken, root).handOver(items, 'original');
    expect(reply).toMatchObject({ ok: false, error: { code: 'storage', message: expect.stringMatching(/picture could not be made/) } });
  });
});

describe('drag files: prepared ahead', () => {
  it('converts in the format asked for, and the hand-over uses those files without new work', async () => {
    const { items, drags, calls } = await setup(2);
    const prepared = unwrap(await drags.prepare(items, 'webp'));
    expect(prepared.format).toBe('webp');
    expect(prepared.files.map((file) => basename(file)).sort()).toEqual(['picture 1.webp', 'picture 2.webp']);
    const work = { ...calls };

    // The same images in another order (the dragged tile first) are the same drag.
    const ready = unwrap(await drags.handOver([...items].reverse(), 'webp'));
    expect(ready.files).toEqual(prepared.files);
    expect(calls).toEqual(work);
  });

  it('hands over the originals while copies are still being converted, never waiting for them', async () => {
    const { items, drags, holdConversions } = await setup(2);
    const release = holdConversions();
    const preparing = drags.prepare(items, 'jpeg');
    const ready = unwrap(await drags.handOver(items, 'jpeg'));
    expect(ready.format).toBe('original');
    expect(ready.files.every((file) => file.endsWith('.png'))).toBe(true);
    release();
    expect(unwrap(await preparing).format).toBe('jpeg');
  });

  it('gives up a preparation a newer one replaces, and removes its folder', async () => {
    const { items, drags, holdConversions, root } = await setup(2);
    const release = holdConversions();
    const first = drags.prepare([items[0]!], 'png');
    const second = drags.prepare([items[1]!], 'original');
    release();
    expect(await first).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    const kept = unwrap(await second);
    await expect.poll(() => readdir(join(root, 'drag'))).toEqual([basename(dirname(dirname(kept.files[0]!)))]);
  });

  it('keeps the folder of the drag last handed over until another drag starts, as a drop may still read it', async () => {
    const { items, drags, root } = await setup(2);
    const dragged = unwrap(await drags.handOver([items[0]!], 'original'));
    // A stray folder shows when the background sweep has run.
    await mkdir(join(root, 'drag', 'stray'));
    unwrap(await drags.prepare([items[1]!], 'original'));
    await expect.poll(() => exists(join(root, 'drag', 'stray'))).toBe(false);
    expect(await exists(dragged.files[0]!)).toBe(true);

    unwrap(await drags.handOver([items[1]!], 'original'));
    // The sweep removes a folder recursively, its files before the folder itself: wait for the folder.
    await expect.poll(() => readdir(join(root, 'drag'))).toHaveLength(1);
    expect(await exists(dragged.files[0]!)).toBe(false);
  });

  it('sweeps folders left by an earlier run, and removes everything on close', async () => {
    const { items, drags, root } = await setup(1);
    await mkdir(join(root, 'drag', 'left-over'), { recursive: true });
    await writeFile(join(root, 'drag', 'left-over', 'old.png'), 'x');
    unwrap(await drags.prepare(items, 'original'));
    await expect.poll(() => exists(join(root, 'drag', 'left-over'))).toBe(false);

    await drags.close();
    expect(await exists(join(root, 'drag'))).toBe(false);
    expect(await drags.handOver(items, 'original')).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('links bytes identical to the original', async () => {
    const { items, drags, store } = await setup(1);
    const ready = unwrap(await drags.prepare(items, 'original'));
    expect(await readFile(ready.files[0]!)).toEqual(await readFile(store.originalPath(items[0]!.fileHash!, 'image/png')));
  });
});
