import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { LibraryPageInput, type Notice } from '../../electron/shared/domain';
import { databaseOf, factsOf, garbage, garblePages, libraryOf, rootPages } from './support/corruption-fixtures';
import { makeImage } from './support/library-fixtures';
import type { HostedStudio } from './support/studio-host';
import { saveKey, UNREACHABLE_API, useHostedStudios } from './support/studio-fixture';

/** Damage met while the studio runs, and the rebuild that answers it, through the studio's handlers. */

const studios = useHostedStudios({ fakeApi: true });

const notices = async (h: HostedStudio): Promise<Notice[]> => {
  const listed = await h.studio.handlers['notices:list'](undefined);
  return listed.ok ? listed.value : [];
};
const search = (h: HostedStudio, text: string) => h.studio.handlers['library:list'](LibraryPageInput.parse({ query: { text } }));
/** How many items a search finds, as the window learns it (a search's page leaves the total to library:count). */
const searchCount = (h: HostedStudio, text: string) => h.studio.handlers['library:count']({ query: LibraryPageInput.parse({ query: { text } }).query });

/** Bounded: 3,000 polls of one event-loop turn (10 ms) each. */
async function untilQueueSettles(h: HostedStudio): Promise<void> {
  for (let poll = 0; poll < 3000; poll += 1) {
    const snapshot = await h.studio.handlers['queue:list'](undefined);
    if (snapshot.ok && snapshot.value.jobs.every((job) => ['done', 'failed', 'cancelled', 'refused', 'interrupted'].includes(job.state))) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the queue did not settle');
}

/** Folds the log into the main file (from a second connection) so that pages garbled there are the ones SQLite reads. */
function checkpoint(dataDir: string): void {
  const other = new DatabaseSync(databaseOf(dataDir));
  other.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  other.close();
}

/** A studio with two generated (paid) images and one imported, every background check done. */
async function libraryWithSpend(): Promise<HostedStudio> {
  const h = await saveKey(await studios.host());
  for (const prompt of ['a harbour at dawn', 'a fox in the snow']) {
    await h.studio.handlers['generate:enqueue']({
      model: 'reve/create-image',
      sources: [],
      prompt,
      aspectRatios: ['3:2'],
      count: 1,
      delivery: 'url',
      outputFormat: null,
    });
  }
  await untilQueueSettles(h);
  await h.studio.handlers['library:import']({ files: [{ name: 'cabin.png', bytes: await makeImage('png', 40, 30, 5) }] });
  await h.studio.backgroundChecks();
  return h;
}

describe('studio: a damaged library database met at run time', () => {
  it('answers a query that meets the damage with a clear error, offers the rebuild once, and the rebuild sets the file aside and brings everything back', async () => {
    const h = await libraryWithSpend();
    const before = await factsOf(h);
    expect(before.todayCredits).toBe(252_000);
    // The search index is garbled on disk while the studio runs: nothing read it since it opened.
    checkpoint(h.dataDir);
    const { pages, pageSize } = rootPages(databaseOf(h.dataDir), ['generations_fts_data', 'generations_fts_idx']);
    await garblePages(databaseOf(h.dataDir), pages, pageSize, 11);

    const failed = await search(h, 'harbour');
    expect(failed).toMatchObject({ ok: false, error: { code: 'storage' } });
    expect(!failed.ok && failed.error.message).toMatch(/damaged.*Rebuild the library/);
    expect(await search(h, 'fox')).toMatchObject({ ok: false, error: { code: 'storage' } });
    expect(await searchCount(h, 'fox')).toMatchObject({ ok: false, error: { code: 'storage' } });
    const offered = await notices(h);
    expect(offered).toMatchObject([{ severity: 'warning', title: 'The library database is damaged', action: 'rebuild-library', revealable: false }]);
    // What does not touch the damaged pages keeps working meanwhile.
    expect((await factsOf(h)).ids).toEqual(before.ids);

    const rebuilt = await h.studio.handlers['library:rebuild'](undefined);
    expect(rebuilt).toMatchObject({ ok: true, value: { reindexed: 3, missingFiles: 0, problems: [] } });
    const after = await notices(h);
    expect(after.map((notice) => notice.action)).not.toContain('rebuild-library');
    expect(after).toMatchObject([
      { severity: 'warning', title: 'The library database was damaged; the library was rebuilt from its folder', revealable: true },
    ]);

    // Kept, not deleted: the copy in damaged/ still holds the garbled pages.
    const kept = (await readdir(join(libraryOf(h.dataDir), 'damaged'))).filter((name) => name.endsWith('.sqlite'));
    expect(kept).toHaveLength(1);
    const keptBytes = await readFile(join(libraryOf(h.dataDir), 'damaged', kept[0]!));
    expect(keptBytes.subarray((pages[0]! - 1) * pageSize, pages[0]! * pageSize).equals(garbage(pageSize, 11))).toBe(true);

    expect(await search(h, 'harbour')).toMatchObject({ ok: true, value: { items: [{}] } });
    expect(await searchCount(h, 'harbour')).toEqual({ ok: true, value: 1 });
    expect(await factsOf(h)).toEqual(before);
    expect(h.events.some((e) => e.event === 'cost:changed')).toBe(true);
  });

  it('does not rebuild a damaged database in place even when nothing had met the damage yet: a fresh check finds it', async () => {
    const h = await libraryWithSpend();
    const before = await factsOf(h);
    checkpoint(h.dataDir);
    const { pages, pageSize } = rootPages(databaseOf(h.dataDir), ['generations_fts_data']);
    await garblePages(databaseOf(h.dataDir), pages, pageSize, 12);
    expect(await notices(h)).toEqual([]);

    expect(await h.studio.handlers['library:rebuild'](undefined)).toMatchObject({ ok: true, value: { reindexed: 3 } });
    expect((await readdir(join(libraryOf(h.dataDir), 'damaged'))).some((name) => name.endsWith('.sqlite'))).toBe(true);
    expect(await factsOf(h)).toEqual(before);
    expect(await search(h, 'fox')).toMatchObject({ ok: true, value: { items: [{}] } });
    expect(await searchCount(h, 'fox')).toEqual({ ok: true, value: 1 });
  });
});

describe('studio: "Rebuild library from folder" and the spend ledger', () => {
  it('puts back the charges the sidecars carry and the ledger lost, once, so the daily budget still counts them', async () => {
    const h = await libraryWithSpend();
    await h.studio.handlers['settings:update']({ dailyBudgetUsd: 0.2 });
    // The ledger loses its rows (an older copy of the database, say) while the items stay.
    const other = new DatabaseSync(databaseOf(h.dataDir));
    other.exec('DELETE FROM spend');
    other.close();
    expect((await factsOf(h)).todayCredits).toBe(0);

    expect(await h.studio.handlers['library:rebuild'](undefined)).toMatchObject({ ok: true, value: { reindexed: 3 } });
    expect(await factsOf(h)).toMatchObject({ todayCredits: 252_000, monthCredits: 252_000 });
    const cost = h.events.filter((e) => e.event === 'cost:changed').at(-1);
    expect(cost?.payload).toMatchObject({ todayCredits: 252_000, budgetReached: false });
    // Once only: a second rebuild finds every charge there already.
    await h.studio.handlers['library:rebuild'](undefined);
    expect((await factsOf(h)).todayCredits).toBe(252_000);
    // $0.20 a day is 400,000 credits: with 252,000 spent, two more images (about 252,000) do not fit.
    const refused = await h.studio.handlers['generate:enqueue']({
      model: 'reve/create-image',
      sources: [],
      prompt: 'one more',
      aspectRatios: ['3:2'],
      count: 2,
      delivery: 'url',
      outputFormat: null,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'budget-exceeded' } });
  });
});

describe('studio: jobs lost with a damaged database', () => {
  it('says how many jobs were still waiting in the queue of the database set aside', async () => {
    // An API nobody answers: the jobs stay in the queue, waiting.
    const first = await saveKey(await studios.host({ apiBaseUrl: UNREACHABLE_API }));
    await first.studio.handlers['library:import']({ files: [{ name: 'kept.png', bytes: await makeImage('png', 40, 30, 9) }] });
    const queued = await first.studio.handlers['generate:enqueue']({
      model: 'reve/create-image',
      sources: [],
      prompt: 'waiting',
      aspectRatios: ['1:1', '3:2'],
      count: 1,
      delivery: 'url',
      outputFormat: null,
    });
    expect(queued.ok).toBe(true);
    await first.studio.close();
    const { pages, pageSize } = rootPages(databaseOf(first.dataDir), ['generations']);
    await garblePages(databaseOf(first.dataDir), pages, pageSize, 13);

    const h = await studios.host({ dataDir: first.dataDir, apiBaseUrl: UNREACHABLE_API });
    const [notice] = await notices(h);
    expect(notice?.message).toContain('2 jobs still waiting or out in its queue were lost with it.');
    expect((await factsOf(h)).ids).toHaveLength(1);
  });
});
