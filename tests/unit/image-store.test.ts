import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  createImageStore,
  ImageNotFiledError,
  THUMBNAIL_EDGE,
  type ImageStore,
  type SidecarProblem,
} from '../../electron/main/services/library-folder/image-store';
import { bodyOf, incomingTempName, receiveImage, type ReceivedImage } from '../../electron/main/services/api/incoming-file';
import type { ImageCodec } from '../../electron/main/services/ports';
import { SIDECAR_VERSION, type SidecarRecord } from '../../electron/main/services/library-folder/sidecar';
import { listFiles, makeImage, makeItem, makeRecord } from './support/library-fixtures';
import { collect, legacySidecarPath, useImageStores, v1SidecarOf } from './support/library-folder-fixtures';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A temp file in the incoming folder, the way the API client leaves one. */
async function receive(store: ImageStore, bytes: Uint8Array): Promise<ReceivedImage> {
  const received = await receiveImage(bodyOf(bytes), store.incomingDir, 40 * 1024 * 1024);
  if (!received.ok) throw new Error(`not received: ${received.problem}`);
  return received.image;
}

/** The real codec, except that no thumbnail can be made. */
const unableToThumbnail = (codec: ImageCodec): ImageCodec => ({ ...codec, thumbnail: () => Promise.reject(new Error('thumbnail exploded')) });

describe('image store', () => {
  const stores = useImageStores();
  const { codec, tempDir } = stores;

  it('keeps the original byte for byte, named by its sha256', async () => {
    const { root, store } = await stores.create();
    const bytes = await makeImage('png', 1248, 832);

    const stored = await store.save(bytes);

    const hash = sha256(bytes);
    expect(stored).toEqual({ fileHash: hash, byteSize: bytes.byteLength, mimeType: 'image/png', width: 1248, height: 832, placeholder: expect.any(String) });
    const path = store.originalPath(hash, 'image/png');
    expect(path).toBe(join(root, 'images', hash.slice(0, 2), `${hash}.png`));
    expect(new Uint8Array(await readFile(path))).toEqual(bytes);
    expect(await store.hasOriginal(hash, 'image/png')).toBe(true);
    expect(await store.hasOriginal(hash, 'image/jpeg')).toBe(false);
  });

  it.each([
    ['jpeg', 'image/jpeg', 'jpg'],
    ['webp', 'image/webp', 'webp'],
  ] as const)('recognises %s by its bytes and names the file by it', async (format, mimeType, extension) => {
    const { store } = await stores.create();
    const bytes = await makeImage(format, 768, 1360);

    const stored = await store.save(bytes);

    expect(stored).toMatchObject({ mimeType, width: 768, height: 1360 });
    expect(store.originalPath(stored.fileHash, mimeType).endsWith(`${stored.fileHash}.${extension}`)).toBe(true);
    expect(new Uint8Array(await readFile(store.originalPath(stored.fileHash, mimeType)))).toEqual(bytes);
  });

  it('makes a WebP thumbnail whose longest edge is 512', async () => {
    const { root, store } = await stores.create();
    const { fileHash } = await store.save(await makeImage('png', 1360, 768));

    const thumbPath = store.thumbnailPath(fileHash);
    expect(thumbPath).toBe(join(root, 'thumbs', fileHash.slice(0, 2), `${fileHash}.webp`));
    const meta = await sharp(thumbPath).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width, meta.height)).toBe(THUMBNAIL_EDGE);
    expect(meta).toMatchObject({ width: 512, height: 289 });
  });

  it('never upscales a small image for its thumbnail', async () => {
    const { store } = await stores.create();
    const { fileHash } = await store.save(await makeImage('jpeg', 200, 120));

    const meta = await sharp(store.thumbnailPath(fileHash)).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 200, height: 120 });
  });

  it('leaves no temp files behind and writes only the expected files', async () => {
    const { root, store } = await stores.create();
    const { fileHash } = await store.save(await makeImage('png', 64, 64));

    const shard = fileHash.slice(0, 2);
    expect(await listFiles(root)).toEqual([`images/${shard}/${fileHash}.png`, `thumbs/${shard}/${fileHash}.webp`]);
  });

  /**
   * A store (with the real codec, counting the thumbnails it makes) that already holds `bytes`, its
   * original overwritten with a marker: a marker still there proves a second filing left the file alone.
   */
  async function storeHolding(bytes: Uint8Array) {
    let thumbnails = 0;
    const { root, store } = await stores.create({
      ...codec,
      thumbnail: (input, edge) => {
        thumbnails += 1;
        return codec.thumbnail(input, edge);
      },
    });
    const first = await store.save(bytes);
    const original = store.originalPath(first.fileHash, first.mimeType);
    await writeFile(original, 'marker');
    return { root, store, first, original, thumbnails: () => thumbnails };
  }

  it('does not rewrite bytes it already has, but restores a missing thumbnail', async () => {
    const bytes = await makeImage('png', 64, 64);
    const { store, first, original, thumbnails } = await storeHolding(bytes);

    // The placeholder is made again, from the thumbnail on disk: the same picture, not always the same bytes.
    expect(await store.save(bytes)).toEqual({ ...first, placeholder: expect.any(String) });
    expect(await readFile(original, 'utf8')).toBe('marker');
    expect(thumbnails()).toBe(1);
  });

  it('refuses bytes that are not an image', async () => {
    const { store } = await stores.create();
    await expect(store.save(new TextEncoder().encode('<html>not an image</html>'))).rejects.toThrow(/not a PNG, JPEG or WebP/);
  });

  it('leaves no files at all when the thumbnail cannot be made', async () => {
    const { root, store } = await stores.create(unableToThumbnail(codec));

    await expect(store.save(await makeImage('png', 64, 64))).rejects.toThrow('thumbnail exploded');
    expect(await listFiles(root)).toEqual([]);
  });

  it('leaves no temp file when writing the thumbnail fails midway', async () => {
    const { root, store } = await stores.create();
    const bytes = await makeImage('png', 64, 64);
    const hash = sha256(bytes);
    // A non-empty folder where the thumbnail goes makes its final rename fail, even for root.
    const blocked = join(root, 'thumbs', hash.slice(0, 2), `${hash}.webp`);
    await mkdir(blocked, { recursive: true });
    await writeFile(join(blocked, 'occupant'), '');

    await expect(store.save(bytes)).rejects.toThrow();

    const files = await listFiles(root);
    expect(files.filter((file) => file.endsWith('.tmp'))).toEqual([]);
    expect(files).toEqual([`images/${hash.slice(0, 2)}/${hash}.png`, `thumbs/${hash.slice(0, 2)}/${hash}.webp/occupant`]);
  });

  it('round-trips a sidecar, kept by item id under records/', async () => {
    const { root, store } = await stores.create();
    const stored = await store.save(await makeImage('png', 64, 64));
    const kept = makeItem({ ...stored, requestId: null, credits: null, sourceUrl: null });

    await store.writeSidecar(kept);

    const path = store.sidecarPath(kept);
    expect(path).toBe(join(root, 'records', kept.id.slice(0, 2), `${kept.id}.json`));
    expect(await store.readSidecar(kept.id)).toEqual({ item: kept, collections: {} });
    const onDisk = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    expect(onDisk).toMatchObject({ sidecarVersion: SIDECAR_VERSION, id: kept.id, collections: {} });
    expect(await store.readSidecar(randomUUID())).toBeNull();
    expect(await collect(store.listSidecars())).toEqual([{ item: kept, collections: {} }]);
    const shard = stored.fileHash.slice(0, 2);
    expect(await listFiles(root)).toEqual([
      `images/${shard}/${stored.fileHash}.png`,
      `records/${kept.id.slice(0, 2)}/${kept.id}.json`,
      `thumbs/${shard}/${stored.fileHash}.webp`,
    ]);
  });

  it('reports unreadable or invalid sidecars in both places instead of throwing, and lists the good ones', async () => {
    const { root, store } = await stores.create();
    const good = makeItem({ fileHash: '1'.repeat(64) });
    await store.writeSidecar(good);
    const broken = makeItem();
    const invalid = makeItem();
    const misnamed = makeItem();
    const future = makeItem();
    const write = async (path: string, text: string) => {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    };
    await write(store.sidecarPath(broken), '{ "sidecarVersion": 2, "id": ');
    await write(store.sidecarPath(invalid), JSON.stringify({ sidecarVersion: 2, ...invalid, width: -3 }));
    await write(store.sidecarPath(misnamed), JSON.stringify({ sidecarVersion: 2, ...makeItem() }));
    await write(store.sidecarPath(future), JSON.stringify({ sidecarVersion: SIDECAR_VERSION + 1, ...future }));
    const legacyHash = '2'.repeat(64);
    await write(legacySidecarPath(root, legacyHash), v1SidecarOf(makeItem({ fileHash: '6'.repeat(64) })));

    const problems: SidecarProblem[] = [];
    const records: SidecarRecord[] = await collect(store.listSidecars((problem) => problems.push(problem)));

    expect(records).toEqual([{ item: good, collections: {} }]);
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: store.sidecarPath(broken), reason: 'not valid JSON' },
        { path: store.sidecarPath(invalid), reason: expect.stringContaining('width') },
        { path: store.sidecarPath(misnamed), reason: 'its id does not match its file name' },
        { path: store.sidecarPath(future), reason: expect.stringContaining('newer version') },
        { path: legacySidecarPath(root, legacyHash), reason: 'its fileHash does not match its file name' },
      ]),
    );
    await expect(store.readSidecar(broken.id)).rejects.toThrow('not valid JSON');
  });

  it("removes a deleted item's sidecar, and its image only when no other row uses it", async () => {
    const { root, store } = await stores.create();
    const stored = await store.save(await makeImage('png', 64, 64));
    const first = makeItem({ ...stored });
    const second = makeItem({ ...stored });
    const refused = makeRecord('refused');
    for (const each of [first, second, refused]) await store.writeSidecar(each);

    await store.removeFiles(first, { keepImage: true });
    expect(await store.readSidecar(first.id)).toBeNull();
    expect(await store.hasOriginal(stored.fileHash, stored.mimeType)).toBe(true);

    await store.removeFiles(refused, { keepImage: false });
    await store.removeFiles(second, { keepImage: false });
    expect(await listFiles(root)).toEqual([]);
  });

  it('removes a version-1 sidecar with its item, but not one that describes another item', async () => {
    const { root, store } = await stores.create();
    const stored = await store.save(await makeImage('png', 64, 64));
    const old = makeItem({ ...stored });
    const legacy = legacySidecarPath(root, stored.fileHash);
    await writeFile(legacy, v1SidecarOf(old));

    await store.removeFiles(makeItem({ ...stored }), { keepImage: true });
    expect(await readFile(legacy, 'utf8')).toContain(old.id);

    await store.removeFiles(old, { keepImage: true });
    await expect(stat(legacy)).rejects.toThrow();
    expect(await store.hasOriginal(stored.fileHash, stored.mimeType)).toBe(true);
  });

  it('sweeps leftovers of interrupted writes and nothing else', async () => {
    const { root, store } = await stores.create();
    const { fileHash } = await store.save(await makeImage('png', 64, 64));
    const shard = fileHash.slice(0, 2);
    await writeFile(join(root, 'images', shard, `.${fileHash}.png.0a1b2c3d4e5f.tmp`), 'half');
    await writeFile(join(root, 'thumbs', shard, `.${fileHash}.webp.0a1b2c3d4e5f.tmp`), 'half');
    const kept = makeItem({ fileHash });
    await store.writeSidecar(kept);
    const sidecar = store.sidecarPath(kept);
    await writeFile(join(dirname(sidecar), `.${basename(sidecar)}.0a1b2c3d4e5f.tmp`), 'half');

    expect(await store.removeStaleTempFiles()).toBe(3);
    expect(await listFiles(root)).toEqual([
      `images/${shard}/${fileHash}.png`,
      `records/${kept.id.slice(0, 2)}/${kept.id}.json`,
      `thumbs/${shard}/${fileHash}.webp`,
    ]);
    expect(await (await stores.create()).store.removeStaleTempFiles()).toBe(0);
  });

  it('keeps its incoming folder inside the root, so adopting is a rename on one file system', () => {
    expect(createImageStore('/lib', codec).incomingDir).toBe(join('/lib', 'incoming'));
  });

  it('adopts a received file by moving it, not copying it', async () => {
    const { root, store } = await stores.create();
    const bytes = await makeImage('png', 1248, 832);
    const received = await receive(store, bytes);
    const inode = (await stat(received.tempPath)).ino;

    const stored = await store.adopt(received);

    const hash = sha256(bytes);
    expect(stored).toEqual({ fileHash: hash, byteSize: bytes.byteLength, mimeType: 'image/png', width: 1248, height: 832, placeholder: expect.any(String) });
    const original = store.originalPath(hash, 'image/png');
    // The same inode: the very file that was downloaded, renamed into place.
    expect((await stat(original)).ino).toBe(inode);
    expect(new Uint8Array(await readFile(original))).toEqual(bytes);
    const shard = hash.slice(0, 2);
    expect(await listFiles(root)).toEqual([`images/${shard}/${hash}.png`, `thumbs/${shard}/${hash}.webp`]);
    expect(await sharp(store.thumbnailPath(hash)).metadata()).toMatchObject({ format: 'webp', width: 512 });
  });

  it.each(['jpeg', 'webp'] as const)('adopts a %s under its own extension', async (format) => {
    const { root, store } = await stores.create();
    const stored = await store.adopt(await receive(store, await makeImage(format, 96, 64)));
    expect(stored).toMatchObject({ mimeType: `image/${format}`, width: 96, height: 64 });
    expect(await store.hasOriginal(stored.fileHash, stored.mimeType)).toBe(true);
    expect((await listFiles(root)).filter((file) => file.startsWith('incoming/'))).toEqual([]);
  });

  it('deletes the received file when the same image is already stored, leaving the original alone', async () => {
    const bytes = await makeImage('png', 64, 64);
    const { root, store, first, original, thumbnails } = await storeHolding(bytes);
    const received = await receive(store, bytes);

    expect(await store.adopt(received)).toEqual({ ...first, placeholder: expect.any(String) });

    expect(await readFile(original, 'utf8')).toBe('marker');
    expect(thumbnails()).toBe(1);
    const shard = first.fileHash.slice(0, 2);
    expect(await listFiles(root)).toEqual([`images/${shard}/${first.fileHash}.png`, `thumbs/${shard}/${first.fileHash}.webp`]);
  });

  it.each([
    ['hash', { fileHash: 'f'.repeat(64) }],
    ['size', { byteSize: 1 }],
    ['type', { mimeType: 'image/jpeg' }],
  ] as const)('refuses a received file whose %s is not what it is said to be, and removes it', async (_what, lie) => {
    const { root, store } = await stores.create();
    const received = await receive(store, await makeImage('png', 64, 64));

    await expect(store.adopt({ ...received, ...lie })).rejects.toThrow(/not what was downloaded/);
    expect(await listFiles(root)).toEqual([]);
  });

  it('files nothing when the thumbnail cannot be made, but keeps the paid bytes aside in unsaved/', async () => {
    const { root, store } = await stores.create(unableToThumbnail(codec));
    const bytes = await makeImage('png', 64, 64);
    const received = await receive(store, bytes);

    const failure = await store.adopt(received).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImageNotFiledError);
    expect((failure as ImageNotFiledError).message).toBe('thumbnail exploded');
    const keptAt = (failure as ImageNotFiledError).keptAt!;
    expect(keptAt).toBe(join(root, 'unsaved', `${received.fileHash}.png`));
    expect(await readFile(keptAt)).toEqual(Buffer.from(bytes));
    expect(await listFiles(root)).toEqual([`unsaved/${received.fileHash}.png`]);
  });

  it('keeps verified bytes aside when they do not decode (they are what the API sent)', async () => {
    const { root, store } = await stores.create();
    // PNG magic bytes, then nothing a decoder can use.
    const received = await receive(store, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6]));

    await expect(store.adopt(received)).rejects.toBeInstanceOf(ImageNotFiledError);
    expect(await listFiles(root)).toEqual([`unsaved/${received.fileHash}.png`]);
  });

  it('refuses to adopt a file outside its incoming folder, and leaves that file alone', async () => {
    const { root, store } = await stores.create();
    const bytes = await makeImage('png', 64, 64);
    const elsewhere = join(await tempDir(), incomingTempName());
    await writeFile(elsewhere, bytes);
    const image: ReceivedImage = { tempPath: elsewhere, fileHash: sha256(bytes), byteSize: bytes.byteLength, mimeType: 'image/png' };

    await expect(store.adopt(image)).rejects.toThrow(/Not a temp file in the incoming folder/);
    await expect(store.adopt({ ...image, tempPath: join(store.incomingDir, '..', 'photo.png') })).rejects.toThrow(/incoming folder/);
    expect(new Uint8Array(await readFile(elsewhere))).toEqual(bytes);
    expect(await listFiles(root)).toEqual([]);
  });

  /** A paid image as a sealed receipt holds it: a file in a folder of incoming/, fsynced when it arrived. */
  async function keptElsewhere(store: ImageStore, bytes: Uint8Array): Promise<string> {
    const path = join(store.incomingDir, randomUUID(), 'image.png');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
    return path;
  }

  it('files an image file as a second name of it (no copy), leaving the file where it is', async () => {
    const { root, store } = await stores.create();
    const bytes = await makeImage('png', 1248, 832);
    const path = await keptElsewhere(store, bytes);
    const hash = sha256(bytes);

    const stored = await store.saveFile(path, { fileHash: hash, byteSize: bytes.byteLength, mimeType: 'image/png' });

    expect(stored).toEqual({ fileHash: hash, byteSize: bytes.byteLength, mimeType: 'image/png', width: 1248, height: 832, placeholder: expect.any(String) });
    const original = store.originalPath(hash, 'image/png');
    // One file under two names: the receipt keeps its image until it is removed, and no bytes were written twice.
    expect((await stat(original)).ino).toBe((await stat(path)).ino);
    expect((await stat(path)).nlink).toBe(2);
    expect(new Uint8Array(await readFile(original))).toEqual(bytes);
    const shard = hash.slice(0, 2);
    expect((await listFiles(root)).filter((file) => !file.startsWith('incoming/'))).toEqual([`images/${shard}/${hash}.png`, `thumbs/${shard}/${hash}.webp`]);
  });

  it('copies an image file from another file system, where no second name can reach it, leaving the file where it is', async (ctx) => {
    const { root, store } = await stores.create();
    // A real second file system, not a stubbed link(): Linux's /dev/shm is a tmpfs, the temp folder is not.
    const other = await folderOnAnotherFileSystem(root);
    if (typeof other !== 'string') return ctx.skip(other.reason);
    try {
      const bytes = await makeImage('png', 320, 200);
      const path = join(other, 'image.png');
      await writeFile(path, bytes);
      const hash = sha256(bytes);

      const stored = await store.saveFile(path, { fileHash: hash, byteSize: bytes.byteLength, mimeType: 'image/png' });

      expect(stored).toEqual({ fileHash: hash, byteSize: bytes.byteLength, mimeType: 'image/png', width: 320, height: 200, placeholder: expect.any(String) });
      const original = store.originalPath(hash, 'image/png');
      expect(new Uint8Array(await readFile(original))).toEqual(bytes);
      expect((await stat(path)).nlink).toBe(1);
      expect(new Uint8Array(await readFile(path))).toEqual(bytes);
      const shard = hash.slice(0, 2);
      expect(await listFiles(root)).toEqual([`images/${shard}/${hash}.png`, `thumbs/${shard}/${hash}.webp`]);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('files an image file it already has without touching the original', async () => {
    const bytes = await makeImage('png', 64, 64);
    const { store, first, original } = await storeHolding(bytes);
    const path = await keptElsewhere(store, bytes);

    expect(await store.saveFile(path, first)).toEqual({ ...first, placeholder: expect.any(String) });
    expect(await readFile(original, 'utf8')).toBe('marker');
    expect((await stat(path)).nlink).toBe(1);
  });

  it.each([
    ['hash', { fileHash: 'f'.repeat(64) }],
    ['size', { byteSize: 1 }],
    ['type', { mimeType: 'image/jpeg' }],
  ] as const)('refuses an image file whose %s is not what was expected, placing nothing and leaving the file', async (_what, lie) => {
    const { root, store } = await stores.create();
    const bytes = await makeImage('png', 64, 64);
    const path = await keptElsewhere(store, bytes);

    await expect(store.saveFile(path, { fileHash: sha256(bytes), byteSize: bytes.byteLength, mimeType: 'image/png', ...lie })).rejects.toThrow(
      /not the image expected/,
    );
    expect((await listFiles(root)).filter((file) => !file.startsWith('incoming/'))).toEqual([]);
    expect(new Uint8Array(await readFile(path))).toEqual(bytes);
  });

  it('sweeps leftover downloads from the incoming folder too', async () => {
    const { root, store } = await stores.create();
    await mkdir(store.incomingDir, { recursive: true });
    await writeFile(join(store.incomingDir, incomingTempName()), 'half a download');
    await writeFile(join(store.incomingDir, 'README.txt'), 'not ours to delete');

    expect(await store.removeStaleTempFiles()).toBe(1);
    expect(await listFiles(root)).toEqual(['incoming/README.txt']);
  });

  it('rejects a file hash or an item id that could escape its folder before it reaches a path', () => {
    const store = createImageStore('/nowhere', codec);
    expect(() => store.thumbnailPath('../../etc/passwd')).toThrow(/sha256/);
    expect(() => store.sidecarPath({ id: '../../etc/passwd' })).toThrow(/item id/);
  });
});

/** A new folder on a file system other than `root`'s (Linux's /dev/shm), or why there is none here. */
async function folderOnAnotherFileSystem(root: string): Promise<string | { reason: string }> {
  const shm = '/dev/shm';
  const shmDevice = await stat(shm).then(
    (found) => found.dev,
    () => null,
  );
  if (shmDevice === null) return { reason: `${shm} is not on this machine: no second file system to file an image from` };
  if (shmDevice === (await stat(root)).dev) return { reason: `${shm} and the temp folder are one file system here` };
  return mkdtemp(join(shm, 'reverie-other-fs-'));
}
