import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { openDatabase } from '../../electron/main/services/library/database';
import { createImageStore, type ImageStore } from '../../electron/main/services/library-folder/image-store';
import { createJobStore } from '../../electron/main/services/queue/job-store';
import { createImageKeeper } from '../../electron/main/services/library-folder/keep';
import { createLibrary, type Library } from '../../electron/main/services/library/library';
import { recoverReceivedImages } from '../../electron/main/services/queue/recover-received';
import { createSpendLedger } from '../../electron/main/services/queue/spend-ledger';
import { LibraryPageInput, type GenerationParams } from '../../electron/shared/domain';
import { makeImage, makeRecord, useTempDirs } from './support/library-fixtures';

/**
 * The image keeper's order is the crash-safety argument of rule 7: bytes, then sidecar, then row.
 * A row written before its sidecar goes unnoticed on a good day; these tests make the sidecar
 * write fail (as a full disk or a kill would) and look at what is left.
 */

const tempDir = useTempDirs();
const codec = createSharpImageCodec();
const NOW = 1_760_000_000_000;
const PARAMS: GenerationParams = {
  model: 'reve/create-image',
  sources: [],
  prompt: 'a heron at dawn',
  aspectRatio: '1:1',
  delivery: 'url',
  outputFormat: null,
};
const PROVENANCE = { requestId: 'rsid-keeper', credits: 126_000, sourceUrl: 'https://cdn.example.com/heron.png' };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const opened: DatabaseSync[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.isOpen) db.close();
});

async function setUp() {
  const root = await tempDir();
  const db = openDatabase(join(root, 'library.sqlite'));
  opened.push(db);
  const store = createImageStore(root, codec);
  const library = createLibrary(db);
  /** The same store, except that writing a sidecar fails the way a full disk makes it fail. */
  const failingStore: ImageStore = {
    ...store,
    writeSidecar: async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    },
  };
  const total = () => {
    const page = library.list(LibraryPageInput.parse({ limit: 10 }));
    if (!page.ok) throw new Error('list failed');
    return page.value.total;
  };
  return { root, db, store, library, failingStore, total };
}

describe('image keeper: sidecar before row', () => {
  it('writes no row when the sidecar cannot be written, and the bytes stay findable and come back at the next start', async () => {
    const { root, db, store, library, failingStore, total } = await setUp();
    const bytes = await makeImage('png', 64, 64, 1);
    const stored = await store.save(bytes);
    const itemId = randomUUID();

    await expect(createImageKeeper(failingStore, library, () => NOW).keepImage(PARAMS, stored, PROVENANCE, itemId)).rejects.toThrow(/ENOSPC/);
    expect(library.get(itemId)).toBeNull();
    expect(library.hasFileHash(stored.fileHash)).toBe(false);
    expect(total()).toBe(0);
    expect(await store.hasOriginal(sha256(bytes), 'image/png')).toBe(true);

    // Nothing points at the bytes, and the next start adds them back rather than losing them.
    const keep = createImageKeeper(store, library, () => NOW);
    const ledger = createSpendLedger(db, { now: () => NOW, dailyBudgetUsd: () => null });
    const report = await recoverReceivedImages({ root, store, library, keep, jobs: createJobStore(db), ledger, codec, now: () => NOW });
    expect(report.recovered).toBe(1);
    expect(library.hasFileHash(stored.fileHash)).toBe(true);
  });

  it('leaves a download-failed record as it was when the sidecar of its completion cannot be written', async () => {
    const { store, library, failingStore } = await setUp();
    const record = makeRecord('download-failed');
    library.insert(record);
    const stored = await store.save(await makeImage('png', 64, 64, 2));

    await expect(createImageKeeper(failingStore, library, () => NOW).keepImage(PARAMS, stored, PROVENANCE, record.id)).rejects.toThrow(/ENOSPC/);
    expect(library.get(record.id)).toMatchObject({ status: 'download-failed', fileHash: null });
  });

  it('writes no row for a record without an image when its sidecar cannot be written', async () => {
    const { library, failingStore, total } = await setUp();
    await expect(createImageKeeper(failingStore, library, () => NOW).keepRecord(PARAMS, 'refused', PROVENANCE)).rejects.toThrow(/ENOSPC/);
    expect(total()).toBe(0);
  });

  it('has the sidecar on disk, describing the item, at the moment the row is written', async () => {
    const { store, library } = await setUp();
    const stored = await store.save(await makeImage('png', 64, 64, 3));
    const seenAtInsert: string[] = [];
    const watching: Library = {
      ...library,
      insert(item, names) {
        // Read synchronously, at this very moment: what a kill right now would leave behind.
        const path = store.sidecarPath(item);
        seenAtInsert.push(existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { id: string }).id : 'no sidecar');
        library.insert(item, names);
      },
    };
    const { item } = await createImageKeeper(store, watching, () => NOW).keepImage(PARAMS, stored, PROVENANCE);
    expect(seenAtInsert).toEqual([item.id]);
  });
});
