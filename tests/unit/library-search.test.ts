import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import type { Library } from '../../electron/main/services/library/library';
import { Selection, type LibraryItem } from '../../electron/shared/domain';
import { listOk, makeItem, makeRecord, useTempLibraries } from './support/library-fixtures';

/**
 * What a search matches: the prompt, the title (an imported picture's file name) and the tags, as
 * words or word prefixes, whatever the case. Tags live in their own tables; the search index follows
 * every way they change, Undo included, which the FTS5 integrity check confirms after each step.
 */
describe('library search over prompts, titles and tags', () => {
  const { fresh, dbPathIn, openAt } = useTempLibraries();

  async function sample() {
    const path = await dbPathIn();
    const library = openAt(path);
    const items = {
      dunes: makeItem({ prompt: 'a kite over the dunes', createdAt: 100, tags: ['Sunset', 'beach'] }),
      harbour: makeItem({ prompt: 'fishing boats in a harbour', createdAt: 200 }),
      imported: makeItem({ prompt: '', title: 'IMG_2041 holiday', origin: 'imported', model: 'imported', createdAt: 300 }),
      refused: makeRecord('refused', { prompt: 'a sunset over the sea', createdAt: 400 }),
    } satisfies Record<string, LibraryItem>;
    for (const item of Object.values(items)) library.insert(item);
    type Name = keyof typeof items;
    const byId = new Map(Object.entries(items).map(([name, item]) => [item.id, name as Name]));
    const found = (text: string, view: 'library' | 'trash' = 'library'): Name[] =>
      listOk(library, { query: { text, view } }).items.map((item) => byId.get(item.id)!);
    /** FTS5's own check that the index says exactly what the rows say (tag names included). */
    const indexIsWhole = () => {
      const raw = new DatabaseSync(path);
      try {
        raw.exec("INSERT INTO generations_fts (generations_fts) VALUES ('integrity-check')");
      } finally {
        raw.close();
      }
    };
    return { library, items, found, indexIsWhole };
  }

  const ids = (...items: LibraryItem[]): Selection => ({ ids: items.map((item) => item.id) });

  it('finds a tag by word and prefix, whatever the case, next to prompt words', async () => {
    const { found, indexIsWhole } = await sample();
    expect(found('sunset')).toEqual(['refused', 'dunes']);
    expect(found('SUNS')).toEqual(['refused', 'dunes']);
    expect(found('beach')).toEqual(['dunes']);
    // One word from the prompt, one from a tag.
    expect(found('kite beach')).toEqual(['dunes']);
    expect(found('harbour beach')).toEqual([]);
    indexIsWhole();
  });

  it('finds an imported picture by its title, and a prompt search is not answered with file names', async () => {
    const { found } = await sample();
    expect(found('img_2041')).toEqual(['imported']);
    expect(found('holiday')).toEqual(['imported']);
    expect(found('hol')).toEqual(['imported']);
    expect(found('boats')).toEqual(['harbour']);
  });

  it('follows tags added, removed, renamed and merged, and each Undo', async () => {
    const { library, items, found, indexIsWhole } = await sample();

    library.addTag(ids(items.harbour), 'golden hour');
    expect(found('golden')).toEqual(['harbour']);
    indexIsWhole();
    library.undo();
    expect(found('golden')).toEqual([]);
    indexIsWhole();

    library.removeTag(ids(items.dunes), 'beach');
    expect(found('beach')).toEqual([]);
    library.undo();
    expect(found('beach')).toEqual(['dunes']);
    indexIsWhole();

    library.renameTag('Sunset', 'dusk');
    expect(found('sunset')).toEqual(['refused']);
    expect(found('dusk')).toEqual(['dunes']);
    indexIsWhole();
    library.undo();
    expect(found('dusk')).toEqual([]);
    expect(found('sunset')).toEqual(['refused', 'dunes']);

    // Merging "beach" into an existing "coast": the dunes lose "beach" and gain "coast".
    library.addTag(ids(items.harbour), 'coast');
    library.renameTag('beach', 'coast');
    expect(found('beach')).toEqual([]);
    expect(found('coast')).toEqual(['harbour', 'dunes']);
    indexIsWhole();
    library.undo();
    expect(found('beach')).toEqual(['dunes']);
    expect(found('coast')).toEqual(['harbour']);
    indexIsWhole();
  });

  it('follows an item replaced in place, the trash, and a rebuild that clears everything', async () => {
    const { library, items, found, indexIsWhole } = await sample();

    library.update({ ...items.dunes, tags: ['windy'] });
    expect(found('sunset')).toEqual(['refused']);
    expect(found('windy')).toEqual(['dunes']);

    library.trash(ids(items.dunes), 1_000);
    expect(found('windy')).toEqual([]);
    expect(found('windy', 'trash')).toEqual(['dunes']);
    library.emptyTrash();
    expect(found('windy', 'trash')).toEqual([]);
    indexIsWhole();

    library.clearAll();
    library.insert({ ...items.harbour, tags: ['calm'] });
    expect(found('calm')).toEqual(['harbour']);
    indexIsWhole();
  });

  it('falls back to a substring test of prompt, title and tags for a search the index cannot hold', async () => {
    const library: Library = await fresh();
    const wave = makeItem({ prompt: 'ocean at noon', tags: ['🌊'], createdAt: 1 });
    const titled = makeItem({ prompt: '', title: 'party 🎉', origin: 'imported', createdAt: 2 });
    const plain = makeItem({ prompt: 'a quiet 🌙 night', createdAt: 3 });
    for (const item of [wave, titled, plain]) library.insert(item);
    const found = (text: string) => listOk(library, { query: { text } }).items.map((item) => item.id);
    expect(found('🌊')).toEqual([wave.id]);
    expect(found('🎉')).toEqual([titled.id]);
    expect(found('🌙')).toEqual([plain.id]);
  });
});
