import { describe, expect, it } from 'vitest';
import { makeItem, makeRecord, useTempLibraries } from './support/library-fixtures';

/** A real ThumbHash (base64) of a small flat picture. */
const PLACEHOLDER = 'MQiCA4AMh4d4d3AAAAAAAIeHiIdwZ5c=';
const hashOf = (i: number) => i.toString(16).padStart(64, '0');

describe('library: rows without a placeholder', () => {
  const libraries = useTempLibraries();

  it('finds rows with an image and no placeholder, one range of rows at a time', async () => {
    const library = await libraries.fresh();
    // seqs 1..7, in insertion order.
    const items = [
      makeItem({ fileHash: hashOf(1), placeholder: null }),
      makeItem({ fileHash: hashOf(2), placeholder: PLACEHOLDER }),
      makeRecord('download-failed'),
      makeItem({ fileHash: hashOf(4), placeholder: null, fileMissing: true }),
      makeItem({ fileHash: hashOf(5), placeholder: null, trashedAt: 1 }),
      makeItem({ fileHash: hashOf(6), placeholder: null, mimeType: 'image/webp' }),
      makeItem({ fileHash: hashOf(7), placeholder: PLACEHOLDER }),
    ];
    for (const item of items) library.insert(item);

    const ids = (after: number, span: number) => {
      const { rows, next } = library.rowsWithoutPlaceholder(after, span);
      return { ids: rows.map((row) => row.id), next };
    };
    expect(ids(0, 3)).toEqual({ ids: [items[0]!.id], next: 3 });
    // The trash is shown too, so it gets them as well; a file flagged missing has nothing to read.
    expect(ids(3, 3)).toEqual({ ids: [items[4]!.id, items[5]!.id], next: 6 });
    expect(ids(6, 3)).toEqual({ ids: [], next: null });
    expect(ids(0, 100)).toEqual({ ids: [items[0]!.id, items[4]!.id, items[5]!.id], next: null });
    expect(library.rowsWithoutPlaceholder(3, 3).rows[1]).toEqual({ seq: 6, id: items[5]!.id, fileHash: hashOf(6), mimeType: 'image/webp' });
  });

  it('sets a placeholder only where there is none, and refuses one that is not a ThumbHash', async () => {
    const library = await libraries.fresh();
    const without = makeItem({ fileHash: hashOf(1), placeholder: null });
    const withOne = makeItem({ fileHash: hashOf(2), placeholder: PLACEHOLDER });
    library.insert(without);
    library.insert(withOne);

    expect(library.setPlaceholder(without.id, PLACEHOLDER)).toBe(true);
    expect(library.get(without.id)).toEqual({ ...without, placeholder: PLACEHOLDER });
    expect(library.setPlaceholder(withOne.id, 'AAAAAAAAAAA=')).toBe(false);
    expect(library.get(withOne.id)?.placeholder).toBe(PLACEHOLDER);
    expect(library.setPlaceholder(makeItem().id, PLACEHOLDER)).toBe(false);
    const another = makeItem({ fileHash: hashOf(3), placeholder: null });
    library.insert(another);
    expect(() => library.setPlaceholder(another.id, 'not base64!')).toThrow();
    expect(library.get(another.id)?.placeholder).toBeNull();
    // Organizing is undoable; a placeholder is not an organize action, and leaves Undo as it was.
    expect(library.takeChangedIds()).toEqual([]);
  });
});
