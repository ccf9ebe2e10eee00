import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { bodyOf, receiveImage, type ReceivedImage } from '../../electron/main/services/api/incoming-file';
import { openDatabase } from '../../electron/main/services/library/database';
import { createLibrary } from '../../electron/main/services/library/library';
import { createImageStore } from '../../electron/main/services/library-folder/image-store';
import { createImageKeeper } from '../../electron/main/services/library-folder/keep';
import type { ImageCodec } from '../../electron/main/services/ports';
import { fileReceipt, sealWhileDecoding } from '../../electron/main/services/queue/file-receipt';
import { sealReceipt, type ReceiptDetails } from '../../electron/main/services/queue/receipt';
import { makeImage, useTempDirs } from './support/library-fixtures';

/**
 * A paid image's bytes are decoded while its receipt is sealed (sealWhileDecoding), and the filing
 * uses that decode. The decode writes nothing: until the receipt is sealed, the only file that
 * holds the image is the one fsynced on arrival, and nothing of the library exists yet.
 */

const tempDir = useTempDirs();
const realCodec = createSharpImageCodec();
const opened: DatabaseSync[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.isOpen) db.close();
});

const details = (): ReceiptDetails => {
  const jobId = randomUUID();
  return {
    itemId: randomUUID(),
    jobId,
    params: { model: 'reve/create-image', sources: [], prompt: 'a heron', aspectRatio: '3:2', delivery: 'url', outputFormat: null },
    requestId: 'rsid-decode',
    credits: 126_000,
    sourceUrl: null,
    clientRequestId: jobId,
    receivedAt: 1_760_000_000_000,
  };
};

/** The real codec, counting its thumbnails, and (when given) running `beforeThumbnail` first. */
function countingCodec(beforeThumbnail?: () => Promise<void>) {
  const calls = { thumbnail: 0 };
  const codec: ImageCodec = {
    ...realCodec,
    thumbnail: async (bytes, maxEdge) => {
      calls.thumbnail += 1;
      await beforeThumbnail?.();
      return realCodec.thumbnail(bytes, maxEdge);
    },
  };
  return { codec, calls };
}

async function setUp(codec: ImageCodec, seed = 3) {
  const root = await tempDir();
  const db = openDatabase(join(root, 'library.sqlite'));
  opened.push(db);
  const store = createImageStore(root, codec);
  const library = createLibrary(db);
  const keep = createImageKeeper(store, library, Date.now);
  const received = await receiveImage(bodyOf(await makeImage('png', 96, 64, seed)), store.incomingDir, 2 ** 20);
  if (!received.ok) throw new Error('not received');
  return { root, store, keep, library, image: received.image };
}

/** The real codec, its thumbnails' WebP held back until `release` (rejected with `failWith`, when given). */
function codecHoldingWebp(failWith?: Error) {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const codec: ImageCodec = {
    ...realCodec,
    thumbnail: async (bytes, maxEdge) => {
      const { webp, placeholderPixels } = await realCodec.thumbnail(bytes, maxEdge);
      const encoded = held.then(() => (failWith ? Promise.reject(failWith) : webp));
      // As the port says of a codec's WebP: a rejection nobody awaits yet is not an unhandled one.
      encoded.catch(() => undefined);
      return { placeholderPixels, webp: encoded };
    },
  };
  return { codec, release };
}

/** Waits, turn by turn of the event loop, until `ready` holds (the test's timeout fails it if it never does). */
async function until(ready: () => Promise<boolean>): Promise<void> {
  while (!(await ready())) await new Promise((resolve) => setImmediate(resolve));
}

/** Sealed receipt folders in incoming/ (a `.sealing` one is not sealed yet). */
const sealedIn = async (incomingDir: string) => (await readdir(incomingDir).catch(() => [])).filter((name) => !name.startsWith('.'));

describe('sealing a receipt while its bytes are decoded', () => {
  it('starts the decode before the seal is done, and the filing does not decode again', async () => {
    let sealedWhenDecoding: string[] | null = null;
    let incomingDir = '';
    const { codec, calls } = countingCodec(async () => {
      sealedWhenDecoding ??= await sealedIn(incomingDir);
    });
    const { store, keep, image } = await setUp(codec);
    incomingDir = store.incomingDir;

    const { receipt, decoding } = await sealWhileDecoding(store, image, details());
    expect(decoding).toBeDefined();
    const { item } = await fileReceipt(receipt, { store, keep }, decoding);

    expect(sealedWhenDecoding).toEqual([]);
    expect(calls.thumbnail).toBe(1);
    expect(item).toMatchObject({ width: 96, height: 64, fileHash: receipt.record.fileHash, status: 'ok' });
    expect(existsSync(store.thumbnailPath(receipt.record.fileHash))).toBe(true);
  });

  it('files the same item as a filing that decodes for itself', async () => {
    const early = await setUp(realCodec, 5);
    const late = await setUp(realCodec, 5);
    const sealed = await sealWhileDecoding(early.store, early.image, details());
    const { item: decodedEarly } = await fileReceipt(sealed.receipt, early, sealed.decoding);
    const { item: decodedLate } = await fileReceipt(await sealReceipt(late.store.incomingDir, late.image, details()), late);

    const image = ({ width, height, fileHash, byteSize, mimeType, placeholder }: typeof decodedEarly) => ({
      width,
      height,
      fileHash,
      byteSize,
      mimeType,
      placeholder,
    });
    expect(decodedEarly.placeholder).toEqual(expect.any(String));
    expect(image(decodedEarly)).toEqual(image(decodedLate));
  });

  it('writes nothing of the library while the decode runs, and the seal does not wait for it', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { codec } = countingCodec(() => held);
    const { root, store, keep, image } = await setUp(codec);

    const { receipt, decoding } = await sealWhileDecoding(store, image, details());
    expect(await sealedIn(store.incomingDir)).toHaveLength(1);
    // The receipt, and no folder of the library's (images, thumbnails, records) yet.
    expect((await readdir(root)).filter((name) => !name.startsWith('library.sqlite'))).toEqual(['incoming']);

    const filing = fileReceipt(receipt, { store, keep }, decoding);
    release();
    await filing;
    expect(existsSync(store.originalPath(receipt.record.fileHash, receipt.record.mimeType))).toBe(true);
  });

  it('places the original and writes the sidecar while the thumbnail encodes; the sidecar lands and the row is added only after the thumbnail', async () => {
    const { codec, release } = codecHoldingWebp();
    const { store, keep, library, image } = await setUp(codec);
    const { receipt, decoding } = await sealWhileDecoding(store, image, details());
    const { fileHash, mimeType, itemId } = receipt.record;
    const sidecar = store.sidecarPath({ id: itemId });
    const sidecarFolderHolds = async () => await readdir(dirname(sidecar)).catch(() => [] as string[]);

    const filing = fileReceipt(receipt, { store, keep }, decoding);
    // The original and the sidecar's temp file appear while the WebP is still held back.
    await until(async () => existsSync(store.originalPath(fileHash, mimeType)) && (await sidecarFolderHolds()).some((name) => name.endsWith('.tmp')));
    expect(existsSync(store.thumbnailPath(fileHash))).toBe(false);
    expect(existsSync(sidecar)).toBe(false);
    expect(library.get(itemId)).toBeNull();

    release();
    const { item } = await filing;
    expect(existsSync(store.thumbnailPath(fileHash))).toBe(true);
    expect(existsSync(sidecar)).toBe(true);
    expect(await sidecarFolderHolds()).toEqual([basename(sidecar)]);
    expect(library.get(itemId)).toMatchObject({ id: item.id, fileHash, status: 'ok' });
  });

  it('lands no sidecar and no row when the thumbnail fails to encode, and leaves the receipt whole', async () => {
    const { codec, release } = codecHoldingWebp(new Error('the WebP encoder gave up'));
    const { store, keep, library, image } = await setUp(codec);
    const { receipt, decoding } = await sealWhileDecoding(store, image, details());
    const sidecar = store.sidecarPath({ id: receipt.record.itemId });

    const filing = fileReceipt(receipt, { store, keep }, decoding);
    release();
    await expect(filing).rejects.toThrow('the WebP encoder gave up');
    expect(existsSync(store.thumbnailPath(receipt.record.fileHash))).toBe(false);
    // Neither the sidecar nor its temp file: the record of an item whose files are not all there never lands.
    expect(await readdir(dirname(sidecar)).catch(() => [])).toEqual([]);
    expect(library.get(receipt.record.itemId)).toBeNull();
    expect((await readdir(receipt.dir)).sort()).toEqual(['image.png', 'receipt.json']);
  });

  it('reports a decode that fails through the filing, which leaves the receipt whole', async () => {
    const failing: ImageCodec = { ...realCodec, thumbnail: () => Promise.reject(new Error('libvips could not read it')) };
    const { store, keep, image } = await setUp(failing);

    const { receipt, decoding } = await sealWhileDecoding(store, image, details());
    await expect(fileReceipt(receipt, { store, keep }, decoding)).rejects.toThrow('libvips could not read it');
    expect((await readdir(receipt.dir)).sort()).toEqual(['image.png', 'receipt.json']);
  });

  it('leaves no unhandled rejection when a failed decode is never filed (its receipt was not sealed)', async () => {
    let failed = false;
    const failing: ImageCodec = {
      ...realCodec,
      thumbnail: () => {
        failed = true;
        return Promise.reject(new Error('libvips could not read it'));
      },
    };
    const { store } = await setUp(failing);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Never awaited nor handled here, as when the seal fails. Node reports an unhandled rejection
      // at the end of the tick it happens in; a few turns of the event loop after the codec failed
      // are enough for it to have been (and Vitest would fail the run on it too).
      store.decode(await makeImage('png', 8, 8));
      while (!failed) await new Promise((resolve) => setImmediate(resolve));
      for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it('decodes afresh when the decoding is of other bytes than the receipt came with', async () => {
    const { codec, calls } = countingCodec();
    const { store, keep, image } = await setUp(codec);
    const { receipt } = await sealWhileDecoding(store, { ...image, bytes: undefined } as ReceivedImage, details());
    // Not decoded while sealing: the image came without its bytes (so the receipt has none either).
    expect(calls.thumbnail).toBe(0);
    const other = store.decode(await makeImage('png', 40, 40, 9));
    const { item } = await fileReceipt(receipt, { store, keep }, other);

    expect(calls.thumbnail).toBe(2);
    expect(item).toMatchObject({ width: 96, height: 64, fileHash: receipt.record.fileHash });
  });
});
