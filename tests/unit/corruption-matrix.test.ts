import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../electron/shared/domain';
import { LibraryPageInput } from '../../electron/shared/domain';
import { startFakeAiml, type FakeAiml } from '../fake-aiml/server';
import {
  buildSnapshots,
  cutInHalf,
  databaseOf,
  factsOf,
  garbage,
  garbleFirstWalFrame,
  garblePages,
  libraryOf,
  originalsOf,
  overwrite,
  rootPages,
  sidecarsOf,
  walHoldsPage,
  type LibraryFacts,
  type Snapshots,
} from './support/corruption-fixtures';
import { hostStudio, type HostedStudio } from './support/studio-host';

/**
 * The corruption matrix (issue 9): a real library (real images, generated through the fake API and
 * imported), damaged on disk one way per case, then opened by the whole studio. Each case must
 * start, tell the user where something was damaged (or say nothing when nothing was lost), keep
 * every item whose sidecar is intact, keep the damaged file rather than delete it, and keep the
 * day's spend. A figure table is printed at the end.
 */

/** What the studio made of a damaged folder. */
type Outcome = 'set aside' | 'journal kept' | 'offered, rebuilt' | 'put back' | 'missing files' | 'nothing lost';

interface Case {
  name: string;
  from: 'clean' | 'crashed';
  /** Damages the copied data folder; returns the bytes the kept copy must hold, if a copy must be kept. */
  damage(dataDir: string): Promise<Buffer | null>;
  /** What must happen; a function when it depends on the fixture's bytes (read before the damage). */
  outcome: Outcome | ((dataDir: string) => Promise<Outcome>);
  /** Sidecars garbled by the damage: their items may be gone after a rebuild (their ids). */
  garbledSidecars?: (dataDir: string) => Promise<string[]>;
}

interface Row {
  name: string;
  outcome: string;
  itemsBefore: number;
  itemsAfter: number;
  intactKept: string;
  notice: string;
  kept: string;
  spendBefore: number;
  spendAfter: number;
}

let fake: FakeAiml;
let base: string;
let snapshots: Snapshots;
const rows: Row[] = [];

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const readDb = (dataDir: string) => readFile(databaseOf(dataDir));

async function garbleTwoSidecars(dataDir: string): Promise<string[]> {
  const sidecars = await sidecarsOf(dataDir);
  const paid: string[] = [];
  const unpaid: string[] = [];
  for (const [id, path] of sidecars) {
    const { credits } = JSON.parse(await readFile(path, 'utf8')) as { credits: number | null };
    (credits ? paid : unpaid).push(id);
  }
  const chosen = [paid[0]!, unpaid[0]!];
  for (const [i, id] of chosen.entries()) await writeFile(sidecars.get(id)!, garbage(300, 70 + i));
  return chosen;
}

const CASES: Case[] = [
  { name: 'zero-length database', from: 'clean', outcome: 'set aside', damage: async (d) => (await truncate(databaseOf(d), 0), readDb(d)) },
  { name: 'zero-length, log not checkpointed', from: 'crashed', outcome: 'set aside', damage: async (d) => (await truncate(databaseOf(d), 0), readDb(d)) },
  { name: 'garbled header', from: 'clean', outcome: 'set aside', damage: async (d) => (await overwrite(databaseOf(d), 0, garbage(100, 1)), readDb(d)) },
  {
    name: 'garbled header, log not checkpointed',
    from: 'crashed',
    // When page 1's newest copy is in the log, SQLite never reads the garbled one (and the next
    // checkpoint overwrites it); otherwise the file is unreadable and is set aside.
    outcome: async (d) => ((await walHoldsPage(`${databaseOf(d)}-wal`, 1)) ? 'nothing lost' : 'set aside'),
    damage: async (d) => {
      await overwrite(databaseOf(d), 0, garbage(100, 1));
      return (await walHoldsPage(`${databaseOf(d)}-wal`, 1)) ? null : readDb(d);
    },
  },
  { name: 'cut in half', from: 'clean', outcome: 'set aside', damage: async (d) => (await cutInHalf(databaseOf(d)), readDb(d)) },
  { name: 'cut in half, log not checkpointed', from: 'crashed', outcome: 'set aside', damage: async (d) => (await cutInHalf(databaseOf(d)), readDb(d)) },
  {
    name: 'garbled middle pages (items table)',
    from: 'clean',
    outcome: 'set aside',
    damage: async (d) => {
      const { pages, pageSize } = rootPages(databaseOf(d), ['generations']);
      await garblePages(databaseOf(d), pages, pageSize, 2);
      return readDb(d);
    },
  },
  {
    name: 'garbled middle pages (search index)',
    from: 'clean',
    outcome: 'offered, rebuilt',
    damage: async (d) => {
      const { pages, pageSize } = rootPages(databaseOf(d), ['generations_fts_data', 'generations_fts_idx']);
      await garblePages(databaseOf(d), pages, pageSize, 3);
      return readDb(d);
    },
  },
  { name: 'deleted log (-wal)', from: 'crashed', outcome: 'put back', damage: async (d) => (await rm(`${databaseOf(d)}-wal`), null) },
  {
    name: 'garbled log (-wal)',
    from: 'crashed',
    outcome: 'journal kept',
    damage: async (d) => {
      await garbleFirstWalFrame(`${databaseOf(d)}-wal`, 4);
      return readFile(`${databaseOf(d)}-wal`);
    },
  },
  { name: 'stale -shm', from: 'crashed', outcome: 'nothing lost', damage: async (d) => (await cp(snapshots.staleShm, `${databaseOf(d)}-shm`), null) },
  { name: 'garbled sidecars', from: 'clean', outcome: 'nothing lost', damage: async (d) => (await garbleTwoSidecars(d), null) },
  {
    name: 'garbled sidecars, database lost',
    from: 'clean',
    outcome: 'set aside',
    garbledSidecars: garbleTwoSidecars,
    damage: async (d) => (await truncate(databaseOf(d), 0), readDb(d)),
  },
  {
    name: 'missing image files',
    from: 'clean',
    outcome: 'missing files',
    damage: async (d) => {
      for (const path of (await originalsOf(d)).slice(0, 2)) await rm(path);
      return null;
    },
  },
];

beforeAll(async () => {
  fake = await startFakeAiml();
  base = await mkdtemp(join(tmpdir(), 'reverie-corruption-'));
  snapshots = await buildSnapshots(fake, base);
});

afterAll(async () => {
  await fake.close();
  await rm(base, { recursive: true, force: true });
  const line = (cells: Array<string | number>) => cells.map(String).join(' | ');
  const header = ['case', 'outcome', 'items before', 'items after', 'intact sidecars kept', 'notice', 'kept copy', 'spend before', 'spend after'];
  console.log(
    [
      'Corruption matrix (spend in credits today; 2,000,000 credits = $1):',
      line(header),
      ...rows.map((r) => line([r.name, r.outcome, r.itemsBefore, r.itemsAfter, r.intactKept, r.notice, r.kept, r.spendBefore, r.spendAfter])),
    ].join('\n'),
  );
});

const noticesOf = async (h: HostedStudio): Promise<Notice[]> => {
  const listed = await h.studio.handlers['notices:list'](undefined);
  if (!listed.ok) throw new Error(listed.error.message);
  return listed.value;
};

async function keptFiles(dataDir: string): Promise<string[]> {
  const folder = join(libraryOf(dataDir), 'damaged');
  return (await readdir(folder).catch(() => [] as string[])).sort().map((name) => join(folder, name));
}

describe('corruption matrix: the studio starts, tells the user, and keeps every item with an intact sidecar', () => {
  for (const matrixCase of CASES) {
    it(matrixCase.name, async () => {
      const dataDir = join(base, matrixCase.name.replace(/[^a-z0-9]+/gi, '-'));
      await cp(snapshots[matrixCase.from], dataDir, { recursive: true });
      const before: LibraryFacts = matrixCase.from === 'clean' ? snapshots.cleanFacts : snapshots.crashedFacts;
      const garbled = matrixCase.garbledSidecars ? await matrixCase.garbledSidecars(dataDir) : [];
      const outcome = typeof matrixCase.outcome === 'string' ? matrixCase.outcome : await matrixCase.outcome(dataDir);
      const damagedBytes = await matrixCase.damage(dataDir);
      const logBytes = await readFile(`${databaseOf(dataDir)}-wal`).catch(() => null);

      const h = await hostStudio({ apiBaseUrl: fake.baseUrl, dataDir });
      try {
        await h.studio.backgroundChecks();
        let notices = await noticesOf(h);
        const offer = notices.find((notice) => notice.action === 'rebuild-library');
        expect(offer !== undefined).toBe(outcome === 'offered, rebuilt');
        if (offer) {
          // The user presses "Rebuild library" on the notice.
          expect(await h.studio.handlers['library:rebuild'](undefined)).toMatchObject({ ok: true });
          await h.studio.backgroundChecks();
          notices = await noticesOf(h);
          expect(notices.some((notice) => notice.action === 'rebuild-library')).toBe(false);
        }
        const after = await factsOf(h);

        // Every item whose sidecar is intact is still there.
        const intact = before.ids.filter((id) => !garbled.includes(id));
        const missingIntact = intact.filter((id) => !after.ids.includes(id));
        expect(missingIntact).toEqual([]);

        // The damaged file is kept, byte for byte, and the notice names it and can show it.
        const kept = await keptFiles(dataDir);
        const warning = notices.find((notice) => notice.severity === 'warning');
        if (damagedBytes !== null) {
          const keptHashes = await Promise.all(kept.map(async (path) => sha(await readFile(path))));
          expect(keptHashes).toContain(sha(damagedBytes));
          // Its log goes with it, as it was: what a crash left in it is kept too.
          if (logBytes !== null && logBytes.length > 0) expect(keptHashes).toContain(sha(logBytes));
          expect(warning?.revealable).toBe(true);
          expect(warning?.message).toContain('damaged');
          expect(await h.studio.handlers['notices:reveal']({ id: warning!.id })).toEqual({ ok: true, value: null });
          expect(kept).toContain(h.revealed.at(-1));
          expect(warning?.message).toContain(relative(libraryOf(dataDir), h.revealed.at(-1)!));
        } else {
          expect(kept).toEqual([]);
        }
        if (outcome === 'nothing lost') expect(notices).toEqual([]);
        if (outcome === 'put back') expect(notices).toMatchObject([{ severity: 'info', title: '3 items were put back into the library' }]);
        if (outcome === 'missing files') {
          expect(notices).toMatchObject([{ severity: 'info', title: '2 image files are missing from the library folder' }]);
          let missing = 0;
          for (const view of ['library', 'trash'] as const) {
            const page = await h.studio.handlers['library:list'](LibraryPageInput.parse({ query: { view, statuses: ['missing'] } }));
            missing += page.ok ? (page.value.total ?? Number.NaN) : 0;
          }
          expect(missing).toBe(2);
        }
        if (garbled.length > 0) expect(warning?.message).toContain('2 sidecar files in the records folder could not be read');

        // The day's spend survives: restored from the sidecars' credits when the database lost it.
        const databaseLost = outcome === 'set aside' || outcome === 'offered, rebuilt';
        const lostCredits = databaseLost ? await creditsOf(snapshots[matrixCase.from], garbled) : 0;
        expect(after.todayCredits).toBe(before.todayCredits - lostCredits);
        expect(after.monthCredits).toBe(before.monthCredits - lostCredits);

        rows.push({
          name: matrixCase.name,
          outcome,
          itemsBefore: before.ids.length,
          itemsAfter: after.ids.length,
          intactKept: `${intact.length - missingIntact.length}/${intact.length}`,
          notice: notices.map((notice) => `${notice.severity}: ${notice.title}`).join('; ') || '-',
          kept: kept.map((path) => relative(libraryOf(dataDir), path)).join(', ') || '-',
          spendBefore: before.todayCredits,
          spendAfter: after.todayCredits,
        });
      } finally {
        await h.studio.close();
      }
    });
  }
});

/** The credits of the items whose sidecars were garbled: their charges cannot come back. */
async function creditsOf(snapshot: string, ids: readonly string[]): Promise<number> {
  const sidecars = await sidecarsOf(snapshot);
  let total = 0;
  for (const id of ids) total += Number((JSON.parse(await readFile(sidecars.get(id)!, 'utf8')) as { credits: number | null }).credits ?? 0);
  return total;
}
