import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/main/services/library/database';
import { refreshPlannerStats } from '../../electron/main/services/library/planner-stats';
import { seedLibrary } from '../support/seed-library';
import { useHostedStudios } from './support/studio-fixture';

/**
 * The query planner's statistics (sqlite_stat1), kept as SQLite recommends for a connection that
 * stays open (planner-stats.ts): made for every table once the session's background checks are
 * done, topped up when it closes. On real library files seeded with real rows.
 */

const studios = useHostedStudios();

/** The statistics rows SQLite holds for the library's table, read over a connection of its own. */
function generationStats(dbPath: string): number {
  const reader = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const known = reader.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'").get() as { n: number };
    if (known.n === 0) return 0;
    return (reader.prepare("SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 'generations'").get() as { n: number }).n;
  } finally {
    reader.close();
  }
}

describe('query planner statistics', () => {
  it('are made for the library table and each of its indexes, where a seeded library had none', async () => {
    const root = await studios.tempFolder('reverie-planner-');
    await seedLibrary(root, 300, 2);
    const dbPath = join(root, 'library.sqlite');
    expect(generationStats(dbPath)).toBe(0);

    const db = openDatabase(dbPath);
    try {
      refreshPlannerStats(db, 'every-table');
      const indexes = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = 'generations'").get() as { n: number };
      // One row per index (automatic ones included), each starting with how many rows it holds
      // (a partial index, such as the trash's, none in a library with nothing trashed).
      expect(generationStats(dbPath)).toBe(indexes.n);
      const stats = db.prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'generations'").all() as { stat: string }[];
      expect(Math.max(...stats.map(({ stat }) => Number(stat.split(' ')[0])))).toBeGreaterThan(0);
      // Nothing changed since: the top-up at close leaves them as they are.
      refreshPlannerStats(db, 'changed-tables');
      expect(db.prepare("SELECT stat FROM sqlite_stat1 WHERE tbl = 'generations'").all()).toEqual(stats);
    } finally {
      db.close();
    }
  });

  it('are made by the studio once its background checks are done', async () => {
    const dataDir = await studios.tempFolder('reverie-planner-studio-');
    await seedLibrary(join(dataDir, 'library'), 200, 2);
    const h = await studios.host({ dataDir });
    await h.studio.backgroundChecks();
    expect(generationStats(join(dataDir, 'library', 'library.sqlite'))).toBeGreaterThan(0);
  });
});
