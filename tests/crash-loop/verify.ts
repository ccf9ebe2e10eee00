import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Studio } from '../../electron/main/services/studio/studio';
import { LibraryPageInput, type Job, type LibraryItem } from '../../electron/shared/domain';
import type { RecordedRequest } from '../fake-aiml/server';

/** What the library folder says about every POST the fake answered, once it has been opened after the last kill. */
export interface Verdict {
  /** POSTs the fake answered with an image (link or base64): the whole answer handed to the connection. */
  answered: { url: number; base64: number };
  /** POSTs whose answer was still being made when the child died (the fake renders the image first). */
  unanswered: number;
  /** Answered POSTs whose image is an item in the library. */
  filed: number;
  /** Answered POSTs whose job keeps the link and says Download again (the kill came before the image was durable). */
  needsDownloadAgain: number;
  /**
   * Answered POSTs the app never had on disk: the kill came between the fake handing the answer over
   * and the app sealing the image with its provenance (nothing in the app had recorded the answer
   * yet); the job says interrupted, may have been charged. Per delivery.
   */
  inTransit: { url: number; base64: number };
  /** Answered POSTs that are none of the above: a paid image the app had, then lost. Must be 0. */
  lost: string[];
  /** Prompts sent more than once (each job has its own prompt, and nothing here presses Retry). Must be empty. */
  duplicates: string[];
  /** Items added back without their prompt (their bytes had no record left). */
  recoveredWithoutPrompt: number;
  /** Originals in images/ that no item points at, receipts still in incoming/, files still in unsaved/. Must be 0. */
  orphans: string[];
  /** Items whose original is not on disk. Must be empty. */
  missingFiles: string[];
  integrity: string;
}

const promptOf = (request: RecordedRequest) => (request.body as { prompt?: unknown } | null)?.prompt;
const wantsBase64 = (request: RecordedRequest) => (request.body as { convert_base64_to_url?: unknown } | null)?.convert_base64_to_url === false;

async function allItems(studio: Studio): Promise<LibraryItem[]> {
  const items: LibraryItem[] = [];
  for (const view of ['library', 'trash'] as const) {
    let cursor: string | undefined;
    for (let page = 0; page < 10_000; page += 1) {
      const listed = await studio.handlers['library:list'](LibraryPageInput.parse({ limit: 500, query: { view }, ...(cursor ? { cursor } : {}) }));
      if (!listed.ok) throw new Error(`library:list failed: ${listed.error.message}`);
      items.push(...listed.value.items);
      if (listed.value.nextCursor === null) break;
      cursor = listed.value.nextCursor;
    }
  }
  return items;
}

async function entries(folder: string): Promise<string[]> {
  return readdir(folder).catch(() => []);
}

/** The database file as another program sees it: its integrity, and which jobs the spend ledger has a charge for. */
function readDatabase(root: string): { integrity: string; chargedJobs: Set<string> } {
  const db = new DatabaseSync(join(root, 'library.sqlite'), { readOnly: true });
  try {
    const integrity = db
      .prepare('PRAGMA integrity_check')
      .all()
      .map((row) => String(row.integrity_check))
      .join('; ');
    const chargedJobs = new Set(
      db
        .prepare('SELECT job_id FROM spend WHERE job_id IS NOT NULL')
        .all()
        .map((row) => String(row.job_id)),
    );
    return { integrity, chargedJobs };
  } finally {
    db.close();
  }
}

/** Enough about an image filed more than once to tell which path filed it each time. */
function describeDouble(items: readonly LibraryItem[], job: Job | undefined): string {
  const each = items.map(
    (item) =>
      `item ${item.id} created ${new Date(item.createdAt).toISOString()}, sha256 ${item.fileHash?.slice(0, 12) ?? 'none'}, request ${item.requestId ?? 'none'}, tags [${item.tags.join(', ')}]`,
  );
  const jobLine = job ? `job ${job.id} ${job.state}, item ${job.itemId ?? 'none'}, link ${job.sourceUrl === null ? 'no' : 'yes'}` : 'no job';
  return [...each, jobLine].join('; ');
}

/** Classifies every answered POST by what the reopened library and queue say about its prompt. */
export async function verifyLibrary(studio: Studio, root: string, requests: readonly RecordedRequest[], jobs: readonly Job[]): Promise<Verdict> {
  const items = await allItems(studio);
  const itemsByPrompt = new Map<string, LibraryItem[]>();
  for (const item of items) itemsByPrompt.set(item.prompt, [...(itemsByPrompt.get(item.prompt) ?? []), item]);
  const jobByPrompt = new Map(jobs.map((job) => [job.params.prompt, job]));
  const database = readDatabase(root);

  const verdict: Verdict = {
    answered: { url: 0, base64: 0 },
    filed: 0,
    needsDownloadAgain: 0,
    inTransit: { url: 0, base64: 0 },
    unanswered: 0,
    lost: [],
    duplicates: [],
    recoveredWithoutPrompt: items.filter((item) => item.tags.includes('recovered')).length,
    orphans: [],
    missingFiles: [],
    integrity: database.integrity,
  };

  const seen = new Map<string, number>();
  for (const request of requests) {
    const prompt = promptOf(request);
    if (typeof prompt !== 'string') continue;
    seen.set(prompt, (seen.get(prompt) ?? 0) + 1);
    if (request.scenario !== 'ok') continue;
    const delivery = wantsBase64(request) ? 'base64' : 'url';
    const job = jobByPrompt.get(prompt);
    // Nothing in the app ever said this answer arrived: no request id, no link, no charge in the ledger.
    const interruptedUnpaid =
      job?.state === 'interrupted' && job.requestId === null && job.sourceUrl === null && job.mayHaveBeenCharged && !database.chargedJobs.has(job.id);
    if (!request.answerDelivered) {
      if (interruptedUnpaid) {
        verdict.unanswered += 1;
        continue;
      }
      // Handed over in the last moment without 'finish' being seen: classified like any answer.
    }
    verdict.answered[delivery] += 1;
    const filed = (itemsByPrompt.get(prompt) ?? []).filter((item) => item.status === 'ok' && item.fileHash !== null);
    if (filed.length > 1) verdict.lost.push(`${prompt}: filed ${filed.length} times (${describeDouble(filed, job)})`);
    if (filed.length >= 1) verdict.filed += 1;
    else if (job && job.sourceUrl !== null && job.state !== 'done') verdict.needsDownloadAgain += 1;
    else if (interruptedUnpaid) verdict.inTransit[delivery] += 1;
    else verdict.lost.push(`${prompt}: job ${job ? `${job.state}, request id ${job.requestId ?? 'none'}` : 'gone'}, no item`);
  }
  verdict.duplicates = [...seen].filter(([, count]) => count > 1).map(([prompt, count]) => `${prompt} (${count} POSTs)`);

  const hashes = new Set(items.map((item) => item.fileHash).filter((hash): hash is string => hash !== null));
  const onDisk = new Set<string>();
  for (const shard of await entries(join(root, 'images'))) {
    for (const name of await entries(join(root, 'images', shard))) {
      const hash = /^([0-9a-f]{64})\.(png|jpg|webp)$/.exec(name)?.[1];
      if (hash === undefined) continue;
      onDisk.add(hash);
      if (!hashes.has(hash)) verdict.orphans.push(`images/${shard}/${name}`);
    }
  }
  for (const name of await entries(join(root, 'incoming'))) verdict.orphans.push(`incoming/${name}`);
  for (const name of await entries(join(root, 'unsaved'))) verdict.orphans.push(`unsaved/${name}`);
  verdict.missingFiles = items.filter((item) => item.fileHash !== null && !onDisk.has(item.fileHash)).map((item) => `${item.prompt} (${item.id})`);
  return verdict;
}
