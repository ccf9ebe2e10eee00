import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { backupLibrary } from '../../electron/main/services/backup/backup';
import { mergeBackupInto } from '../../electron/main/services/backup/merge';
import { restoreLibraryTo } from '../../electron/main/services/backup/restore';
import type { Library } from '../../electron/main/services/library/library';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../electron/main/services/library/migrations';
import { rebuildLibrary } from '../../electron/main/services/library-folder/rebuild';
import { FAMILY_LIMIT, familyIdsOf, type LibraryItem } from '../../electron/shared/domain';
import { listOk, makeImage, makeItem, makeRecord } from './support/library-fixtures';
import { deleteDatabase, fileItem, useLibraryFolders, type OpenLibraryFolder } from './support/library-folder-fixtures';

/**
 * Lineage in the library's own storage (migration 5, sidecar version 4): every item keeps the ids
 * it was made from, in send order, through a restart, a rebuild from the folder, a backup and its
 * restore or merge; versions and the family are read back from SQLite.
 */

/** A source deleted for good before these tests began: named by items, in no row. */
const GONE = '9f0e8d7c-6b5a-4948-8372-615f4e3d2c1b';

/**
 * a (create) → b (edit of a) → c (edit of b); e an import; d a remix of [e, a]; f unrelated;
 * g a remix of [c, GONE]; h an edit of GONE (one family with g through it); t an edit of d, trashed.
 */
async function lineageItems(folder: Pick<OpenLibraryFolder, 'store'>): Promise<Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 't', LibraryItem>> {
  const image = async (seed: number) => folder.store.save(await makeImage('png', 24, 16, seed));
  const a = makeItem({ ...(await image(1)), prompt: 'a lighthouse at dusk', createdAt: 1 });
  const e = makeItem({ ...(await image(2)), prompt: '', title: 'IMG_2 harbour', origin: 'imported', model: 'imported', createdAt: 2 });
  const edit = (id: string) => ({ model: 'reve/edit-image', sources: [id], clientRequestId: crypto.randomUUID(), inferenceId: `inf-${id.slice(0, 4)}` });
  const b = makeItem({ ...(await image(3)), ...edit(a.id), prompt: 'make it night', createdAt: 3 });
  const c = makeItem({ ...(await image(4)), ...edit(b.id), prompt: 'add a moon', createdAt: 4 });
  const d = makeItem({ ...(await image(5)), model: 'reve/remix-edit-image', sources: [e.id, a.id], prompt: 'the harbour in this light', createdAt: 5 });
  const f = makeItem({ ...(await image(6)), prompt: 'an unrelated forest', createdAt: 6 });
  const g = makeItem({ ...(await image(7)), model: 'reve/remix-edit-image', sources: [c.id, GONE], prompt: 'both moons', createdAt: 7 });
  // A refused edit is still a version: it names its source like any other.
  const h = makeRecord('refused', { ...edit(GONE), prompt: 'refused edit of a lost image', createdAt: 8 });
  const t = makeItem({ ...(await image(9)), ...edit(d.id), prompt: 'thrown away', createdAt: 9, trashedAt: 100 });
  return { a, b, c, d, e, f, g, h, t };
}

type Items = Awaited<ReturnType<typeof lineageItems>>;
const ids = (items: readonly LibraryItem[]) => items.map((item) => item.id);

/** What every test expects of that family, whichever way the library was made. */
function expectLineage(library: Library, items: Items) {
  const { a, b, c, d, e, f, g, h, t } = items;
  for (const item of Object.values(items)) expect(library.get(item.id)).toEqual(item);
  expect(library.get(d.id)?.sources).toEqual([e.id, a.id]);
  expect(library.get(g.id)?.sources).toEqual([c.id, GONE]);

  expect(ids(library.versions(a.id))).toEqual([d.id, b.id]);
  expect(ids(library.versions(b.id))).toEqual([c.id]);
  expect(ids(library.versions(d.id))).toEqual([t.id]);
  expect(ids(library.versions(GONE))).toEqual([h.id, g.id]);
  expect(library.versions(f.id)).toEqual([]);

  const wholeFamily = [t, h, g, d, c, b, e, a].map((item) => item.id);
  for (const member of [a, c, e, h, t]) expect(ids(library.family(member.id))).toEqual(wholeFamily);
  expect(ids(library.family(GONE))).toEqual(wholeFamily);
  expect(ids(library.family(f.id))).toEqual([f.id]);

  // The filter: the library view leaves the trashed member to the trash view; totals follow.
  const inLibrary = listOk(library, { query: { family: c.id } });
  expect([ids(inLibrary.items), inLibrary.total]).toEqual([[h.id, g.id, d.id, c.id, b.id, e.id, a.id], 7]);
  const inTrash = listOk(library, { query: { family: c.id, view: 'trash' } });
  expect([ids(inTrash.items), inTrash.total]).toEqual([[t.id], 1]);
  const searched = listOk(library, { query: { family: a.id, text: 'harbour', sort: 'oldest' } });
  expect(ids(searched.items)).toEqual([e.id, d.id]);
  expect(listOk(library, { query: { family: f.id, favoritesOnly: true } }).total).toBe(0);
}

describe('lineage in the library', () => {
  const folders = useLibraryFolders();

  /** A library folder with the lineage family filed the app's way: sidecar, then row. */
  async function filedFamily() {
    const folder = await folders.create();
    const items = await lineageItems(folder);
    for (const item of Object.values(items)) await fileItem(folder, item);
    return { folder, items };
  }

  it('keeps sources in send order, and reads versions and the family both ways', async () => {
    const { folder, items } = await filedFamily();
    expectLineage(folder.library, items);
  });

  it('keeps the lineage after a restart', async () => {
    const { folder, items } = await filedFamily();
    folder.library.close();
    expectLineage(folders.openAt(folder.root).library, items);
  });

  it('keeps the lineage after a rebuild from the folder alone (the sidecars carry it)', async () => {
    const { folder, items } = await filedFamily();
    folder.library.close();
    await deleteDatabase(folder.dbPath);

    const reopened = folders.openAt(folder.root);
    expect(reopened.library.family(items.a.id)).toEqual([]);
    const report = await rebuildLibrary(reopened.store, reopened.library);

    expect(report).toEqual({ reindexed: 9, missingFiles: 0, problems: [] });
    expectLineage(reopened.library, items);
  });

  it('keeps the lineage through a backup and its restore, and through a merge into another library', async () => {
    const { folder, items } = await filedFamily();
    const archive = join(await folders.tempDir(), 'backup.zip');
    expect(await backupLibrary(folder.root, folder.db, archive)).toMatchObject({ ok: true, value: { items: 9 } });

    const target = join(await folders.tempDir(), 'Restored');
    expect(await restoreLibraryTo(archive, target)).toEqual({ ok: true, value: { items: 9, problems: [] } });
    expectLineage(folders.openAt(target).library, items);

    // A merge reads the sidecars, not the database snapshot.
    const other = await folders.create();
    expect(await mergeBackupInto(archive, other)).toEqual({ ok: true, value: { added: 9, skipped: 0, problems: [] } });
    expectLineage(other.library, items);
  });

  it('keeps the id of a source emptied from the trash; the source loses that version and the family that member', async () => {
    const { folder, items } = await filedFamily();
    const { library } = folder;
    const { a, d, t } = items;
    library.trash({ ids: [d.id] }, 200);

    const emptied = library.emptyTrash();

    expect(ids(emptied.deleted).sort()).toEqual([d.id, t.id].sort());
    expect(library.get(d.id)).toBeNull();
    expect(ids(library.versions(a.id))).toEqual([items.b.id]);
    // t named d and went with it; nothing names the deleted rows' own sources any more.
    expect(folder.db.prepare('SELECT count(*) AS n FROM item_sources WHERE item_id IN (?, ?)').get(d.id, t.id)).toEqual({ n: 0 });
    expect(ids(library.family(a.id))).toEqual([items.h.id, items.g.id, items.c.id, items.b.id, a.id]);
    expect(ids(library.family(items.e.id))).toEqual([items.e.id]);
  });

  it('rewrites the sources when an item is replaced in place (update), and keeps none for an item without any', async () => {
    const { folder, items } = await filedFamily();
    const { library } = folder;
    library.update({ ...items.d, sources: [items.a.id] });
    expect(library.get(items.d.id)?.sources).toEqual([items.a.id]);
    expect(ids(library.versions(items.e.id))).toEqual([]);
    library.update({ ...items.b, sources: [] });
    expect(library.get(items.b.id)?.sources).toEqual([]);
    // c still names b, so b stays in c's family; a, d, e and t no longer do.
    expect(ids(library.family(items.c.id))).toEqual([items.h.id, items.g.id, items.c.id, items.b.id]);
  });

  it('ends the family walk on a cycle a hand edit made, and bounds a family at FAMILY_LIMIT ids', async () => {
    const { db, library } = await folders.create();
    // Lineage cannot loop (a source exists before what is made from it); a hand-edited index can.
    const x = makeItem({ createdAt: 1 });
    const y = makeItem({ createdAt: 2, sources: [x.id] });
    library.insert(x);
    library.insert(y);
    db.prepare('INSERT INTO item_sources (item_id, source_id, position) VALUES (?, ?, 0)').run(x.id, y.id);
    expect(ids(library.family(x.id))).toEqual([y.id, x.id]);
    expect(ids(library.versions(y.id))).toEqual([x.id]);

    // A chain longer than the bound, written straight into the index: item i+1 is an edit of item i.
    const length = FAMILY_LIMIT + 500;
    const idOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    db.exec(`WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${length - 1})
      INSERT INTO generations (id, prompt, aspect_ratio, model, created_at)
      SELECT printf('00000000-0000-4000-8000-%012d', i), 'link', '1:1', 'reve/edit-image', 1000 + i FROM n`);
    db.exec(`WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${length - 1})
      INSERT INTO item_sources (item_id, source_id, position)
      SELECT printf('00000000-0000-4000-8000-%012d', i), printf('00000000-0000-4000-8000-%012d', i - 1), 0 FROM n`);

    const family = library.family(idOf(0));
    expect(family).toHaveLength(FAMILY_LIMIT);
    expect(listOk(library, { query: { family: idOf(0) }, limit: 1 }).total).toBe(FAMILY_LIMIT);
    // The in-memory walk (the filter table's) stops at the same ids.
    const chain = Array.from({ length }, (_, i) => ({ id: idOf(i), sources: i === 0 ? [] : [idOf(i - 1)] }));
    expect(new Set(ids(family))).toEqual(familyIdsOf(chain, idOf(0)));
    expect(library.get(idOf(FAMILY_LIMIT - 1))).not.toBeNull();
    expect(new Set(ids(family)).has(idOf(FAMILY_LIMIT))).toBe(false);
  });
});

describe('migration 5 (lineage)', () => {
  const folders = useLibraryFolders();

  it('migrates a schema-4 library keeping every row, tag, collection, title and placeholder, the search whole, with no lineage', async () => {
    const root = await folders.tempDir();
    const path = join(root, 'library.sqlite');
    // The database release 4 wrote, as its SQL put rows there.
    const old = new DatabaseSync(path);
    for (const step of MIGRATIONS.slice(0, 4)) old.exec(step);
    old.exec('PRAGMA user_version = 4');
    const collection = crypto.randomUUID();
    const kept = [
      makeItem({ prompt: 'a lighthouse at dusk', createdAt: 10, placeholder: 'CwQCBYBaSH93h4h3eJh3h/B4CAAA', favorite: true, tags: ['sea'] }),
      makeItem({ prompt: '', title: 'IMG_7 harbour', origin: 'imported', model: 'imported', createdAt: 20, collectionIds: [collection] }),
      makeRecord('refused', { prompt: 'refused at dusk', createdAt: 30, trashedAt: 40 }),
    ];
    const insert = old.prepare(
      `INSERT INTO generations (id, prompt, title, aspect_ratio, model, status, origin, width, height, request_id, credits, created_at,
         file_hash, byte_size, mime_type, placeholder, source_url, favorite, trashed_at, file_missing)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING seq`,
    );
    const seqs = kept.map((item) =>
      Number(
        insert.get(
          item.id,
          item.prompt,
          item.title,
          item.aspectRatio,
          item.model,
          item.status,
          item.origin,
          item.width,
          item.height,
          item.requestId,
          item.credits,
          item.createdAt,
          item.fileHash,
          item.byteSize,
          item.mimeType,
          item.placeholder,
          item.sourceUrl,
          item.favorite ? 1 : 0,
          item.trashedAt,
        )!.seq,
      ),
    );
    old.exec(`INSERT INTO tags (id, name) VALUES (1, 'sea')`);
    old.prepare('INSERT INTO item_tags (tag_id, item_seq) VALUES (1, ?)').run(seqs[0]!);
    old.prepare(`INSERT INTO collections (id, name, created_at) VALUES (?, 'Harbours', 1)`).run(collection);
    old.prepare('INSERT INTO collection_items (collection_id, item_seq, added_at) VALUES (?, ?, 1)').run(collection, seqs[1]!);
    old.close();

    const { library, db } = folders.openAt(root);

    for (const item of kept) expect(library.get(item.id)).toEqual(item);
    expect(kept.map((item) => library.get(item.id)?.sources)).toEqual([[], [], []]);
    expect(ids(listOk(library, { query: { text: 'dusk' } }).items)).toEqual([kept[0]!.id]);
    expect(ids(listOk(library, { query: { text: 'harbour sea' } }).items)).toEqual([]);
    expect(ids(listOk(library, { query: { text: 'harbour' } }).items)).toEqual([kept[1]!.id]);
    expect(ids(listOk(library, { query: { tags: ['sea'] } }).items)).toEqual([kept[0]!.id]);
    expect(ids(listOk(library, { query: { view: 'trash' } }).items)).toEqual([kept[2]!.id]);
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: LATEST_SCHEMA_VERSION });
    expect(() => db.exec("INSERT INTO generations_fts (generations_fts) VALUES ('integrity-check')")).not.toThrow();
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);

    // New items made from the old ones carry their lineage.
    const edit = makeItem({ model: 'reve/edit-image', sources: [kept[0]!.id], clientRequestId: 'job-1', inferenceId: 'inf-1', createdAt: 50 });
    library.insert(edit);
    expect(library.get(edit.id)).toEqual(edit);
    expect(ids(library.versions(kept[0]!.id))).toEqual([edit.id]);
    expect(ids(listOk(library, { query: { family: kept[0]!.id } }).items)).toEqual([edit.id, kept[0]!.id]);
  });
});
