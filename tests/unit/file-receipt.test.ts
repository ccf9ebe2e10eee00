import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { bodyOf, receiveImage } from '../../electron/main/services/api/incoming-file';
import { openDatabase } from '../../electron/main/services/library/database';
import { createLibrary } from '../../electron/main/services/library/library';
import { writeIntoAfter } from '../../electron/main/services/library-folder/folder-files';
import { createImageStore, type ImageStore } from '../../electron/main/services/library-folder/image-store';
import { createImageKeeper, type ImageKeeper } from '../../electron/main/services/library-folder/keep';
import { fileReceipt } from '../../electron/main/services/queue/file-receipt';
import { sealReceipt } from '../../electron/main/services/queue/receipt';
import { makeImage, useTempDirs } from './support/library-fixtures';

/**
 * Filing a receipt writes the item's sidecar while the image's files are being placed, and renames
 * it into place only once they are durable (rule 7: bytes, then sidecar, then row). These tests
 * hold the placing at a gate and look at what is on disk meanwhile, and make it fail.
 */

const tempDir = useTempDirs();
const codec = createSharpImageCodec();
const opened: DatabaseSync[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.isOpen) db.close();
});

/** A promise to hold work at, opened (or failed) by the test. */
function gate() {
  let open: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const passed = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { passed, open, fail };
}

/** Lets the event loop and the thread pool run until `condition` holds (file system work has no event to wait for). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}

const names = async (folder: string) => (await readdir(folder, { recursive: true }).catch(() => [])).map(String);

async function setUp() {
  const root = await tempDir();
  const db = openDatabase(join(root, 'library.sqlite'));
  opened.push(db);
  const store = createImageStore(root, codec);
  const library = createLibrary(db);
  const bytes = await makeImage('png', 96, 64, 7);
  const image = await receiveImage(bodyOf(bytes), store.incomingDir, 2 ** 20);
  if (!image.ok) throw new Error('not received');
  const jobId = randomUUID();
  const receipt = await sealReceipt(store.incomingDir, image.image, {
    itemId: randomUUID(),
    jobId,
    params: { model: 'reve/create-image', sources: [], prompt: 'a kestrel', aspectRatio: '3:2', delivery: 'url', outputFormat: null },
    requestId: 'rsid-file',
    credits: 126_000,
    sourceUrl: null,
    clientRequestId: jobId,
    receivedAt: 1_760_000_000_000,
  });
  /** The real store, except that placing an image's files waits at `held` first. */
  const heldStore = (held: Promise<void>): ImageStore => ({
    ...store,
    prepareFile: async (path, expected) => {
      const prepared = await store.prepareFile(path, expected);
      return {
        stored: prepared.stored,
        place: async () => {
          await held;
          await prepared.place();
        },
      };
    },
  });
  const original = store.originalPath(receipt.record.fileHash, receipt.record.mimeType);
  const sidecar = store.sidecarPath({ id: receipt.record.itemId });
  return { root, store, library, bytes, receipt, heldStore, original, sidecar };
}

describe('filing a receipt', () => {
  it('writes the sidecar while the image is placed, and lands it (and the row) only once the image is on disk', async () => {
    const { library, receipt, heldStore, original, sidecar } = await setUp();
    const held = gate();
    const store = heldStore(held.passed);
    const filing = fileReceipt(receipt, { store, keep: createImageKeeper(store, library, Date.now) });

    // The sidecar is written under a temp name beside where it goes, while the image waits (or,
    // wrongly, lands: waited for too, so that the checks below fail rather than wait forever).
    await until(async () => (await names(dirname(sidecar))).some((name) => name.endsWith('.tmp')) || existsSync(sidecar));
    expect(existsSync(original)).toBe(false);
    expect(existsSync(sidecar)).toBe(false);
    expect(library.get(receipt.record.itemId)).toBeNull();

    held.open();
    const { item, added } = await filing;
    expect(added).toBe(true);
    expect(existsSync(original)).toBe(true);
    expect(existsSync(sidecar)).toBe(true);
    expect((await names(dirname(sidecar))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(library.get(receipt.record.itemId)).toMatchObject({ id: item.id, fileHash: receipt.record.fileHash, status: 'ok' });
  });

  it('places no sidecar and no row when the image cannot be placed, and leaves the receipt whole', async () => {
    const { root, store, library, receipt, sidecar } = await setUp();
    // A non-empty folder where the thumbnail goes makes its rename fail, as a broken disk would.
    const hash = receipt.record.fileHash;
    const blocked = join(root, 'thumbs', hash.slice(0, 2), `${hash}.webp`);
    await mkdir(blocked, { recursive: true });
    await writeFile(join(blocked, 'occupant'), '');

    await expect(fileReceipt(receipt, { store, keep: createImageKeeper(store, library, Date.now) })).rejects.toThrow();

    expect(existsSync(sidecar)).toBe(false);
    expect((await names(join(root, 'records'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(library.get(receipt.record.itemId)).toBeNull();
    expect((await readdir(receipt.dir)).sort()).toEqual(['image.png', 'receipt.json']);
  });

  it('never returns before the original is placed, even with a keeper that does not wait for it', async () => {
    const { library, receipt, heldStore, original } = await setUp();
    const held = gate();
    const store = heldStore(held.passed);
    const real = createImageKeeper(store, library, Date.now);
    // A keeper that files at once and ignores the placing it is handed.
    const hasty: ImageKeeper = { ...real, keepImage: (params, stored, provenance, itemId) => real.keepImage(params, stored, provenance, itemId) };
    let settled = false;
    const filing = fileReceipt(receipt, { store, keep: hasty }).finally(() => {
      settled = true;
    });

    await until(async () => library.get(receipt.record.itemId) !== null);
    expect(settled).toBe(false);
    expect(existsSync(original)).toBe(false);

    held.open();
    await filing;
    expect(existsSync(original)).toBe(true);
  });
});

describe('the bytes a receipt arrived with', () => {
  const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

  it('are a copy of what was received, hashed and written, and travel with the sealed receipt', async () => {
    const { bytes, receipt } = await setUp();
    expect(receipt.bytes).toBeDefined();
    expect(sha256(receipt.bytes!)).toBe(receipt.record.fileHash);
    expect(sha256(new Uint8Array(await readFile(receipt.imagePath)))).toBe(receipt.record.fileHash);
    // Our own copy: what the sender does with its chunks afterwards changes nothing.
    bytes.fill(0);
    expect(sha256(receipt.bytes!)).toBe(receipt.record.fileHash);
  });

  it("are decoded for the thumbnail, and the original filed is the receipt's fsynced file itself", async () => {
    const { store, library, receipt, original } = await setUp();
    const { item } = await fileReceipt(receipt, { store, keep: createImageKeeper(store, library, Date.now) });

    expect(item).toMatchObject({ width: 96, height: 64, fileHash: receipt.record.fileHash, placeholder: expect.any(String) });
    // A second name of the same file (a hard link), so its bytes are the ones fsynced on arrival.
    expect((await stat(original)).ino).toBe((await stat(receipt.imagePath)).ino);
    expect(sha256(new Uint8Array(await readFile(original)))).toBe(receipt.record.fileHash);
    expect(existsSync(store.thumbnailPath(receipt.record.fileHash))).toBe(true);
  });

  it('are not there after a restart: the receipt is read from disk and checked, and a swapped file is refused', async () => {
    const { store, library, receipt, original } = await setUp();
    await writeFile(receipt.imagePath, await makeImage('png', 96, 64, 8));

    await expect(
      fileReceipt({ imagePath: receipt.imagePath, record: receipt.record }, { store, keep: createImageKeeper(store, library, Date.now) }),
    ).rejects.toThrow(/is not the image expected/);
    expect(existsSync(original)).toBe(false);
    expect(library.get(receipt.record.itemId)).toBeNull();
  });

  it('are read from disk instead when they are not the length the record says', async () => {
    const { store, receipt } = await setUp();
    const prepared = await store.prepareFile(receipt.imagePath, receipt.record, new Uint8Array(3));
    expect(prepared.stored).toMatchObject({ width: 96, height: 64, byteSize: receipt.record.byteSize });
  });
});

describe('writeIntoAfter', () => {
  it('places the file only once `after` resolves, fsynced meanwhile under a temp name', async () => {
    const folder = join(await tempDir(), 'records', 'ab');
    const target = join(folder, 'item.json');
    const held = gate();
    const writing = writeIntoAfter(target, '{"a":1}', held.passed);

    await until(async () => (await names(folder)).some((name) => name.startsWith('.item.json.') && name.endsWith('.tmp')) || existsSync(target));
    expect(existsSync(target)).toBe(false);
    held.open();
    await writing;
    expect(await names(folder)).toEqual(['item.json']);
  });

  it('places nothing, and leaves no temp file, when `after` rejects', async () => {
    const folder = join(await tempDir(), 'records', 'ab');
    const held = gate();
    const writing = writeIntoAfter(join(folder, 'item.json'), '{"a":1}', held.passed);
    await until(async () => (await names(folder)).length > 0);

    held.fail(new Error('the image could not be placed'));
    await expect(writing).rejects.toThrow('the image could not be placed');
    expect(await names(folder)).toEqual([]);
  });

  it('leaves no unhandled rejection when `after` rejects while the temp file is still being written', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const target = join(await tempDir(), 'records', 'ab', 'item.json');
      // Rejected before the first write starts, and handed over at once: nothing has awaited it when Node checks for handlers.
      const after = Promise.reject(new Error('the image could not be placed'));
      await expect(writeIntoAfter(target, '{"a":1}', after)).rejects.toThrow('the image could not be placed');
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
