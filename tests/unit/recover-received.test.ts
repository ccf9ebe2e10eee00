import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import { openDatabase } from '../../electron/main/services/library/database';
import { sealReceipt, type ReceiptDetails, type SealedReceipt } from '../../electron/main/services/queue/receipt';
import { createImageStore, type ImageStore } from '../../electron/main/services/library-folder/image-store';
import { bodyOf, receiveImage } from '../../electron/main/services/api/incoming-file';
import { createJobStore, type JobStore } from '../../electron/main/services/queue/job-store';
import { createImageKeeper, type ImageKeeper } from '../../electron/main/services/library-folder/keep';
import { createLibrary, type Library } from '../../electron/main/services/library/library';
import { RECOVERED_TAG, recoverReceivedImages, recoveryNotices, type RecoveryReport } from '../../electron/main/services/queue/recover-received';
import { createSpendLedger, type SpendLedger } from '../../electron/main/services/queue/spend-ledger';
import { LibraryPageInput, type GenerationParams, type Job, type LibraryItem } from '../../electron/shared/domain';
import { makeJob } from '../support/job-fixtures';
import { listFiles, makeImage, makeItem, useTempDirs } from './support/library-fixtures';
import { hostStudio } from './support/studio-host';

/**
 * Startup recovery against a real library folder (sharp), real SQLite and the real job store and
 * ledger. Each case lays out on disk what a kill at one point leaves behind, then opens.
 */

const tempDir = useTempDirs();
const codec = createSharpImageCodec();
const NOW = 1_760_000_000_000;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Folder {
  root: string;
  db: DatabaseSync;
  store: ImageStore;
  library: Library;
  jobs: JobStore;
  ledger: SpendLedger;
  keep: ImageKeeper;
  recover(keep?: ImageKeeper): Promise<RecoveryReport>;
  items(): LibraryItem[];
}

const opened: DatabaseSync[] = [];
// Registered after useTempDirs, so it runs first: each database closes before its folder goes.
afterEach(() => {
  for (const db of opened.splice(0)) if (db.isOpen) db.close();
});
async function openFolder(): Promise<Folder> {
  const root = await tempDir();
  const db = openDatabase(join(root, 'library.sqlite'));
  opened.push(db);
  const store = createImageStore(root, codec);
  const library = createLibrary(db);
  const jobs = createJobStore(db);
  const ledger = createSpendLedger(db, { now: () => NOW, dailyBudgetUsd: () => null });
  const keep = createImageKeeper(store, library, () => NOW);
  return {
    root,
    db,
    store,
    library,
    jobs,
    ledger,
    keep,
    recover: (keeper = keep) => recoverReceivedImages({ root, store, library, keep: keeper, jobs, ledger, codec, now: () => NOW }),
    items() {
      const page = library.list(LibraryPageInput.parse({ limit: 500, query: { sort: 'oldest' } }));
      if (!page.ok) throw new Error('list failed');
      return page.value.items;
    },
  };
}

const FOX_IN_SNOW: GenerationParams = {
  model: 'reve/create-image',
  sources: [],
  prompt: 'a fox in snow',
  aspectRatio: '1:1',
  delivery: 'base64',
  outputFormat: null,
};

/** A job as the queue leaves it while it saves a paid image. */
const job = (overrides: Partial<Job> = {}): Job =>
  makeJob({ params: FOX_IN_SNOW, state: 'saving', createdAt: NOW - 5000, startedAt: NOW - 4000, attempts: 1, mayHaveBeenCharged: true, ...overrides });

/** What the queue does the moment a paid image arrives: received into a temp file, then sealed. */
async function sealed(folder: Folder, bytes: Uint8Array, details: Partial<ReceiptDetails> = {}): Promise<SealedReceipt> {
  const received = await receiveImage(bodyOf(bytes), folder.store.incomingDir, 40 * 1024 * 1024);
  if (!received.ok) throw new Error('not received');
  return sealReceipt(folder.store.incomingDir, received.image, {
    itemId: randomUUID(),
    jobId: null,
    params: FOX_IN_SNOW,
    requestId: `rsid-${randomUUID()}`,
    credits: 126_000,
    sourceUrl: null,
    receivedAt: NOW - 1000,
    ...details,
  });
}

describe('startup recovery of received images', () => {
  it('files a sealed receipt under its item id with its provenance, marks its job done, records the charge once, and removes it', async () => {
    const folder = await openFolder();
    const paying = job();
    folder.jobs.insert(paying);
    const bytes = await makeImage('png', 64, 64, 1);
    const receipt = await sealed(folder, bytes, { jobId: paying.id });
    // The queue may have recorded the charge before the kill; recovery must not count it twice.
    folder.ledger.record({ jobId: paying.id, requestId: receipt.record.requestId, credits: 126_000, at: NOW - 900 });

    const report = await folder.recover();
    expect(report).toEqual({ filed: 1, recovered: 0, jobsCompleted: 1, problems: [] });
    const item = folder.library.get(receipt.record.itemId);
    expect(item).toMatchObject({
      prompt: 'a fox in snow',
      requestId: receipt.record.requestId,
      credits: 126_000,
      fileHash: sha256(bytes),
      status: 'ok',
      tags: [],
    });
    expect(folder.jobs.get(paying.id)).toMatchObject({ state: 'done', itemId: item!.id, requestId: receipt.record.requestId, credits: 126_000, error: null });
    expect(folder.ledger.summary().todayCredits).toBe(126_000);
    expect(await readdir(folder.store.incomingDir)).toEqual([]);

    // Nothing left to do: a second start changes nothing.
    expect(await folder.recover()).toEqual({ filed: 0, recovered: 0, jobsCompleted: 0, problems: [] });
    expect(folder.items()).toHaveLength(1);
  });

  it('records the charge of a receipt the queue never got to record', async () => {
    const folder = await openFolder();
    await sealed(folder, await makeImage('png', 64, 64, 2));
    await folder.recover();
    expect(folder.ledger.summary().todayCredits).toBe(126_000);
  });

  it('adds no second item when the row landed before the kill, and still marks the job done', async () => {
    const folder = await openFolder();
    const paying = job();
    folder.jobs.insert(paying);
    const receipt = await sealed(folder, await makeImage('png', 64, 64, 3), { jobId: paying.id });
    const stored = await folder.store.save(await makeImage('png', 64, 64, 3));
    await folder.keep.keepImage(
      receipt.record.params,
      stored,
      { requestId: receipt.record.requestId, credits: 126_000, sourceUrl: null },
      receipt.record.itemId,
    );

    expect(await folder.recover()).toMatchObject({ filed: 0, recovered: 0, jobsCompleted: 1 });
    expect(folder.items().map((item) => item.id)).toEqual([receipt.record.itemId]);
    expect(folder.jobs.get(paying.id)).toMatchObject({ state: 'done', itemId: receipt.record.itemId });
  });

  it('takes the bytes from the store when the receipt lost its copy after filing began', async () => {
    const folder = await openFolder();
    const bytes = await makeImage('webp', 48, 32, 4);
    const receipt = await sealed(folder, bytes);
    await folder.store.save(bytes);
    await rm(receipt.imagePath);
    expect(await folder.recover()).toMatchObject({ filed: 1, problems: [] });
    expect(folder.library.get(receipt.record.itemId)).toMatchObject({ fileHash: sha256(bytes), mimeType: 'image/webp', width: 48, height: 32 });
  });

  it('adds an image whose receipt was cut short before its record landed, tagged recovered', async () => {
    const folder = await openFolder();
    const bytes = await makeImage('png', 96, 64, 5);
    const receipt = await sealed(folder, bytes);
    // A kill between the image moving into the sealing folder and the record landing.
    const sealing = join(folder.store.incomingDir, `.${randomUUID()}.sealing`);
    await rename(receipt.dir, sealing);
    await rm(join(sealing, 'receipt.json'));

    expect(await folder.recover()).toMatchObject({ filed: 0, recovered: 1, problems: [] });
    const [item] = folder.items();
    expect(item).toMatchObject({ fileHash: sha256(bytes), tags: [RECOVERED_TAG], aspectRatio: '3:2', requestId: null, origin: 'generated' });
    expect(await readdir(folder.store.incomingDir)).toEqual([]);
  });

  it('files an image whose record never landed with the parameters of the job its folder is named after, and marks that job done', async () => {
    const folder = await openFolder();
    const paying = job({
      params: { model: 'reve/create-image', sources: [], prompt: 'a lantern in fog', aspectRatio: '16:9', delivery: 'base64', outputFormat: null },
    });
    folder.jobs.insert(paying);
    const bytes = await makeImage('png', 64, 36, 12);
    const receipt = await sealed(folder, bytes, { jobId: paying.id });
    await rename(receipt.dir, join(folder.store.incomingDir, `.${paying.id}.sealing`));
    await rm(join(folder.store.incomingDir, `.${paying.id}.sealing`, 'receipt.json'));

    expect(await folder.recover()).toMatchObject({ filed: 1, recovered: 0, jobsCompleted: 1, problems: [] });
    const [item] = folder.items();
    expect(item).toMatchObject({ prompt: 'a lantern in fog', aspectRatio: '16:9', fileHash: sha256(bytes), tags: [] });
    expect(folder.jobs.get(paying.id)).toMatchObject({ state: 'done', itemId: item!.id });
    expect(await readdir(folder.store.incomingDir)).toEqual([]);
  });

  it('files an image whose record never landed once, when a kill cuts the first filing short after its row', async () => {
    const folder = await openFolder();
    const paying = job({
      params: { model: 'reve/create-image', sources: [], prompt: 'a heron at dawn', aspectRatio: '1:1', delivery: 'url', outputFormat: null },
      sourceUrl: 'http://127.0.0.1:9/files/heron.png',
    });
    folder.jobs.insert(paying);
    const bytes = await makeImage('png', 64, 64, 13);
    const receipt = await sealed(folder, bytes, { jobId: paying.id });
    const sealing = join(folder.store.incomingDir, `.${paying.id}.sealing`);
    await rename(receipt.dir, sealing);
    await rm(join(sealing, 'receipt.json'));
    // The row lands, then the process dies before the job says done.
    const killedAfterTheRow: ImageKeeper = {
      ...folder.keep,
      async keepImage(...args) {
        await folder.keep.keepImage(...args);
        throw new Error('killed after the row');
      },
    };
    expect((await folder.recover(killedAfterTheRow)).problems).toHaveLength(1);

    expect(await folder.recover()).toMatchObject({ filed: 0, jobsCompleted: 1, problems: [] });
    const items = folder.items();
    expect(items.map((item) => item.fileHash)).toEqual([sha256(bytes)]);
    // Done with its item: a job left interrupted with its link would be downloaded again into a second item.
    expect(folder.jobs.get(paying.id)).toMatchObject({ state: 'done', itemId: items[0]!.id });
    expect(await readdir(folder.store.incomingDir)).toEqual([]);
  });

  it('files a sealing folder that has its record like a sealed receipt', async () => {
    const folder = await openFolder();
    const receipt = await sealed(folder, await makeImage('png', 64, 64, 6));
    await rename(receipt.dir, join(folder.store.incomingDir, `.${randomUUID()}.sealing`));
    expect(await folder.recover()).toMatchObject({ filed: 1, recovered: 0 });
    expect(folder.library.get(receipt.record.itemId)?.requestId).toBe(receipt.record.requestId);
  });

  it('adds images set aside in unsaved/, and gives a row that lost its file its bytes back instead of a second item', async () => {
    const folder = await openFolder();
    const loose = await makeImage('png', 64, 64, 7);
    const lostFile = await makeImage('png', 64, 64, 8);
    const row = makeItem({ fileHash: sha256(lostFile), byteSize: lostFile.byteLength, width: 64, height: 64, fileMissing: true });
    folder.library.insert(row);
    await mkdir(join(folder.root, 'unsaved'), { recursive: true });
    await writeFile(join(folder.root, 'unsaved', `${sha256(loose)}.png`), loose);
    await writeFile(join(folder.root, 'unsaved', `${sha256(lostFile)}.png`), lostFile);

    expect(await folder.recover()).toMatchObject({ recovered: 1, problems: [] });
    expect(
      folder
        .items()
        .map((item) => item.fileHash)
        .sort(),
    ).toEqual([sha256(loose), sha256(lostFile)].sort());
    expect(await folder.store.hasOriginal(sha256(lostFile), 'image/png')).toBe(true);
    expect(await readdir(join(folder.root, 'unsaved'))).toEqual([]);
  });

  it('adds an original no row points at, and reports (without adding) one whose bytes do not match its name', async () => {
    const folder = await openFolder();
    const orphan = await makeImage('jpeg', 64, 36, 9);
    await folder.store.save(orphan);
    const damaged = join(folder.root, 'images', 'ab', `ab${'0'.repeat(62)}.png`);
    await mkdir(join(folder.root, 'images', 'ab'), { recursive: true });
    await writeFile(damaged, await makeImage('png', 8, 8, 10));

    const report = await folder.recover();
    expect(report.recovered).toBe(1);
    expect(report.problems).toEqual([expect.stringContaining('do not match its name')]);
    expect(folder.items()).toMatchObject([{ fileHash: sha256(orphan), mimeType: 'image/jpeg', tags: [RECOVERED_TAG], aspectRatio: '16:9' }]);
    expect(await listFiles(folder.root)).toContain(`images/ab/ab${'0'.repeat(62)}.png`);
  });

  it('keeps a receipt it cannot file, does not add its bytes twice, and files it once at the next start', async () => {
    const folder = await openFolder();
    const bytes = await makeImage('png', 64, 64, 11);
    const receipt = await sealed(folder, bytes);
    const failing: ImageKeeper = {
      ...folder.keep,
      keepImage: async (_params, stored, _provenance, _itemId, imagePlaced) => {
        // As the real keeper does before its sidecar lands, it waits for the image's files: the
        // original is placed, as a crash or full disk at the sidecar would leave it.
        await imagePlaced;
        expect(await folder.store.hasOriginal(stored.fileHash, stored.mimeType)).toBe(true);
        throw new Error('no space left on device');
      },
    };
    const first = await folder.recover(failing);
    expect(first).toMatchObject({ filed: 0, recovered: 0, problems: [expect.stringContaining('no space left on device')] });
    expect(folder.items()).toEqual([]);
    expect(await readdir(folder.store.incomingDir)).toEqual([receipt.dir.split(/[\\/]/).pop()]);

    expect(await folder.recover()).toMatchObject({ filed: 1, recovered: 0, problems: [] });
    expect(folder.items().map((item) => item.id)).toEqual([receipt.record.itemId]);
  });

  it('runs when a studio opens: the receipt is filed, the library lists it, and a notice says so', async () => {
    const dataDir = await tempDir();
    const incoming = join(dataDir, 'library', 'incoming');
    const bytes = await makeImage('png', 64, 64, 13);
    const received = await receiveImage(bodyOf(bytes), incoming, 40 * 1024 * 1024);
    if (!received.ok) throw new Error('not received');
    const receipt = await sealReceipt(incoming, received.image, {
      itemId: randomUUID(),
      jobId: null,
      params: { model: 'reve/create-image', sources: [], prompt: 'a kettle on a stove', aspectRatio: '1:1', delivery: 'base64', outputFormat: null },
      requestId: 'rsid-at-open',
      credits: 126_000,
      sourceUrl: null,
      // Today, so the charge counts in today's spend.
      receivedAt: Date.now(),
    });
    // Nothing listens on port 9 of loopback: the studio's reachability check fails at once, and nothing is sent.
    const hosted = await hostStudio({ apiBaseUrl: 'http://127.0.0.1:9/v1', dataDir });
    try {
      const notices = await hosted.studio.handlers['notices:list'](undefined);
      expect(notices.ok && notices.value.map((notice) => notice.message)).toEqual([
        expect.stringMatching(/^1 paid image was recovered; it is in the library\.$/),
      ]);
      const item = await hosted.studio.handlers['library:get']({ id: receipt.record.itemId });
      expect(item.ok && item.value).toMatchObject({ prompt: 'a kettle on a stove', requestId: 'rsid-at-open', fileHash: sha256(bytes) });
      expect(hosted.events.some((event) => event.event === 'library:changed')).toBe(true);
      const cost = await hosted.studio.handlers['cost:summary'](undefined);
      expect(cost.ok && cost.value.todayCredits).toBe(126_000);
    } finally {
      await hosted.studio.close();
    }
  });

  it('says how many paid images came back, and warns where images wait when some could not be filed', () => {
    expect(recoveryNotices({ filed: 0, recovered: 0, jobsCompleted: 0, problems: [] }, '/lib')).toEqual([]);
    const notices = recoveryNotices({ filed: 2, recovered: 1, jobsCompleted: 2, problems: ['x'] }, '/lib');
    expect(notices).toEqual([
      {
        severity: 'info',
        title: 'Images recovered',
        message: expect.stringMatching(/^3 paid images were recovered; .* One had lost its prompt and is tagged “recovered”\.$/),
      },
      { severity: 'warning', title: 'Images not in the library yet', message: expect.stringContaining('1 received image could not be added'), path: '/lib' },
    ]);
  });
});
