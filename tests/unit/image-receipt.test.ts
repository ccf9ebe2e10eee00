import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findReceipts, ReceiptNotSealedError, removeReceipt, sealReceipt, type ReceiptDetails } from '../../electron/main/services/queue/receipt';
import { bodyOf, receiveImage, type ReceivedImage } from '../../electron/main/services/api/incoming-file';
import { makeImage, useTempDirs } from './support/library-fixtures';

const tempDir = useTempDirs();
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function received(incomingDir: string, bytes: Uint8Array): Promise<ReceivedImage> {
  const result = await receiveImage(bodyOf(bytes), incomingDir, 40 * 1024 * 1024);
  if (!result.ok) throw new Error('not received');
  return result.image;
}

const details = (overrides: Partial<ReceiptDetails> = {}): ReceiptDetails => ({
  itemId: randomUUID(),
  jobId: randomUUID(),
  params: { model: 'reve/create-image', sources: [], prompt: 'a moth on a lamp', aspectRatio: '3:2', delivery: 'base64', outputFormat: null },
  requestId: 'rsid-receipt',
  credits: 126_000,
  sourceUrl: null,
  receivedAt: 1_760_000_000_000,
  ...overrides,
});

describe('image receipts', () => {
  it('seals the received temp file and its record into one folder, and nothing else is left in incoming/', async () => {
    const incoming = join(await tempDir(), 'incoming');
    const bytes = await makeImage('jpeg', 48, 32, 1);
    const image = await received(incoming, bytes);
    const receipt = await sealReceipt(incoming, image, details());

    expect(await readdir(incoming)).toEqual([receipt.dir.split(/[\\/]/).pop()]);
    expect((await readdir(receipt.dir)).sort()).toEqual(['image.jpg', 'receipt.json']);
    expect(sha256(new Uint8Array(await readFile(receipt.imagePath)))).toBe(sha256(bytes));
    expect(JSON.parse(await readFile(join(receipt.dir, 'receipt.json'), 'utf8'))).toEqual({
      version: 1,
      ...details({ itemId: receipt.record.itemId, jobId: receipt.record.jobId }),
      // Not given: read as none (receipts sealed before lineage was kept have neither).
      inferenceId: null,
      clientRequestId: null,
      fileHash: sha256(bytes),
      byteSize: bytes.byteLength,
      mimeType: 'image/jpeg',
    });
    expect(await findReceipts(incoming)).toEqual([
      { dir: receipt.dir, unsealed: false, sealingJobId: null, imagePath: receipt.imagePath, record: receipt.record, problem: null },
    ]);
  });

  it('keeps the bytes in a folder named after the job when the record cannot be written', async () => {
    const incoming = join(await tempDir(), 'incoming');
    const jobId = randomUUID();
    const image = await received(incoming, await makeImage('png', 32, 32, 2));
    // A folder where the record should go: the rename of the record onto it fails, as on a broken disk.
    await mkdir(join(incoming, `.${jobId}.sealing`, 'receipt.json'), { recursive: true });

    const failure = await sealReceipt(incoming, image, details({ jobId })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ReceiptNotSealedError);
    const keptAt = join(incoming, `.${jobId}.sealing`);
    expect((failure as ReceiptNotSealedError).keptAt).toBe(keptAt);
    expect(await readdir(keptAt)).toContain('image.png');
    const [found] = await findReceipts(incoming);
    expect(found).toMatchObject({ dir: keptAt, unsealed: true, sealingJobId: jobId, imagePath: join(keptAt, 'image.png'), record: null });
  });

  it('replaces a record an earlier attempt left in the .sealing folder of the same job, and seals the new one', async () => {
    const incoming = join(await tempDir(), 'incoming');
    const jobId = randomUUID();
    const bytes = await makeImage('png', 32, 32, 4);
    const image = await received(incoming, bytes);
    // A kill tore the record of an earlier seal for the same job: the record is written in place
    // there, so a torn one can be left, and a new seal must neither fail on it nor keep it.
    await mkdir(join(incoming, `.${jobId}.sealing`), { recursive: true });
    await writeFile(join(incoming, `.${jobId}.sealing`, 'receipt.json'), '{"version": 1, "itemId"');

    const receipt = await sealReceipt(incoming, image, details({ jobId }));

    expect(await readdir(incoming)).toEqual([receipt.dir.split(/[\\/]/).pop()]);
    expect((await readdir(receipt.dir)).sort()).toEqual(['image.png', 'receipt.json']);
    expect(await findReceipts(incoming)).toEqual([
      { dir: receipt.dir, unsealed: false, sealingJobId: null, imagePath: receipt.imagePath, record: receipt.record, problem: null },
    ]);
    expect(receipt.record).toMatchObject({ jobId, fileHash: sha256(bytes) });
  });

  it('reads a torn record in a .sealing folder as no record, keeping the folder for recovery', async () => {
    const incoming = join(await tempDir(), 'incoming');
    const jobId = randomUUID();
    const sealing = join(incoming, `.${jobId}.sealing`);
    await mkdir(sealing, { recursive: true });
    await writeFile(join(sealing, 'image.png'), await makeImage('png', 16, 16, 5));
    await writeFile(join(sealing, 'receipt.json'), '{"version": 1, "itemId"');

    const [found] = await findReceipts(incoming);
    expect(found).toMatchObject({ dir: sealing, unsealed: true, sealingJobId: jobId, imagePath: join(sealing, 'image.png'), record: null });
    expect(found?.problem).toMatch(/not JSON/);
  });

  it('lists only receipt folders, not temp files or anything else in incoming/', async () => {
    const incoming = join(await tempDir(), 'incoming');
    await received(incoming, await makeImage('png', 16, 16, 3));
    await mkdir(join(incoming, 'not-a-receipt'), { recursive: true });
    expect(await findReceipts(incoming)).toEqual([]);
    expect(await findReceipts(join(incoming, 'absent'))).toEqual([]);
  });
});

describe('removing a filed receipt', () => {
  it('removes its image, its record and its folder, leaving the rest of incoming/ alone', async () => {
    const incoming = join(await tempDir(), 'incoming');
    const kept = await sealReceipt(incoming, await received(incoming, await makeImage('png', 32, 32, 3)), details());
    const filed = await sealReceipt(incoming, await received(incoming, await makeImage('jpeg', 32, 32, 4)), details());

    await removeReceipt(filed.dir, filed.imagePath);

    expect(await readdir(incoming)).toEqual([basename(kept.dir)]);
    expect((await readdir(kept.dir)).sort()).toEqual(['image.png', 'receipt.json']);
  });

  it('removes a receipt folder that holds something else too, or whose image is not named', async () => {
    const incoming = join(await tempDir(), 'incoming');
    const extra = await sealReceipt(incoming, await received(incoming, await makeImage('png', 32, 32, 5)), details());
    await writeFile(join(extra.dir, 'notes.txt'), 'left by hand');
    const unnamed = await sealReceipt(incoming, await received(incoming, await makeImage('png', 32, 32, 6)), details());

    await removeReceipt(extra.dir, extra.imagePath);
    await removeReceipt(unnamed.dir);

    expect(await readdir(incoming)).toEqual([]);
  });

  it('is done when the receipt, or a part of it, is already gone', async () => {
    const incoming = join(await tempDir(), 'incoming');
    const receipt = await sealReceipt(incoming, await received(incoming, await makeImage('png', 32, 32, 7)), details());
    await rm(receipt.imagePath);

    await removeReceipt(receipt.dir, receipt.imagePath);
    await removeReceipt(receipt.dir, receipt.imagePath);

    expect(await readdir(incoming)).toEqual([]);
  });

  it('never removes anything outside the receipt folder it is given', async () => {
    const incoming = join(await tempDir(), 'incoming');
    const receipt = await sealReceipt(incoming, await received(incoming, await makeImage('png', 32, 32, 8)), details());
    const other = await sealReceipt(incoming, await received(incoming, await makeImage('png', 32, 32, 9)), details());

    // An image path from another folder: only the folder given is removed, the other receipt stays whole.
    await removeReceipt(receipt.dir, other.imagePath);

    expect(await readdir(incoming)).toEqual([basename(other.dir)]);
    expect((await readdir(other.dir)).sort()).toEqual(['image.png', 'receipt.json']);
  });
});
