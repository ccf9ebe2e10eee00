import type { DatabaseSync } from 'node:sqlite';
import type { CollectionRow, CollectionStore } from './collections';
import { seqsParam, toItemKey, type ItemKey } from './row';
import type { TagStore } from './tags';
import type { UndoEntry } from './undo';

/** What an organize action did: the items whose stored fields changed, and how to take it back. */
export interface Outcome {
  changed: ItemKey[];
  undo: UndoEntry;
}

/**
 * The organize actions on already-resolved rows, each returning its own inverse (null when it
 * changed nothing, so the previous Undo stays available). Callers run these inside a transaction.
 */
export interface Organizer {
  setFavorite(items: readonly ItemKey[], favorite: boolean): Outcome | null;
  addTag(items: readonly ItemKey[], tag: string): Outcome | null;
  removeTag(items: readonly ItemKey[], tag: string): Outcome | null;
  /** Renames the tag, or merges it into an existing tag of the new name. */
  renameTag(from: string, to: string): Outcome | null;
  addToCollection(collection: CollectionRow, items: readonly ItemKey[], now: number): Outcome | null;
  removeFromCollection(collection: CollectionRow, items: readonly ItemKey[]): Outcome | null;
  deleteCollection(collection: CollectionRow): Outcome;
  trash(items: readonly ItemKey[], now: number): Outcome | null;
  restore(items: readonly ItemKey[]): Outcome | null;
  /** Applies the inverse of `entry`; returns the items it changed. */
  revert(entry: UndoEntry): ItemKey[];
}

const outcome = (changed: ItemKey[], undo: UndoEntry): Outcome | null => (changed.length === 0 ? null : { changed, undo });

export function createOrganizer(db: DatabaseSync, tags: TagStore, collections: CollectionStore): Organizer {
  // RETURNING on UPDATE reports only the rows that matched: exactly those the action changed.
  const favoriteStatement = db.prepare('UPDATE generations SET favorite = ? WHERE seq IN (SELECT value FROM json_each(?)) AND favorite <> ? RETURNING seq, id');
  const setFavoriteStatement = db.prepare('UPDATE generations SET favorite = ? WHERE seq IN (SELECT value FROM json_each(?))');
  const trashStatement = db.prepare(
    'UPDATE generations SET trashed_at = ? WHERE seq IN (SELECT value FROM json_each(?)) AND trashed_at IS NULL RETURNING seq, id',
  );
  const trashedStatement = db.prepare('SELECT seq, id, trashed_at FROM generations WHERE seq IN (SELECT value FROM json_each(?)) AND trashed_at IS NOT NULL');
  const restoreStatement = db.prepare('UPDATE generations SET trashed_at = NULL WHERE seq IN (SELECT value FROM json_each(?))');
  const retrashStatement = db.prepare(
    `UPDATE generations SET trashed_at = moved.value ->> 1
     FROM json_each(?) AS moved WHERE generations.seq = moved.value ->> 0`,
  );

  function renameTag(from: string, to: string): Outcome | null {
    const source = tags.find(from);
    if (!source) return null;
    const target = tags.find(to);
    const items = tags.itemsWith(source.id);
    if (!target || target.id === source.id) {
      // No other tag has that name (or it is this one, spelled differently): rename in place.
      if (source.name === to.trim()) return null;
      tags.renameRow(source.id, to);
      return { changed: items, undo: { kind: 'rename-tag', from: source.name, to: to.trim(), items } };
    }
    const gained = tags.add(items, target.name);
    tags.deleteRow(source.id);
    return { changed: items, undo: { kind: 'merge-tag', from: source.name, to: target.name, items, gained } };
  }

  return {
    setFavorite(items, favorite) {
      const flag = favorite ? 1 : 0;
      const changed = favoriteStatement.all(flag, seqsParam(items), flag).map(toItemKey);
      return outcome(changed, { kind: 'favorite', items: changed, favorite });
    },

    addTag(items, tag) {
      const gained = tags.add(items, tag);
      return outcome(gained, { kind: 'tag', items: gained, tag: tags.find(tag)?.name ?? tag.trim() });
    },

    removeTag(items, tag) {
      const name = tags.find(tag)?.name ?? tag.trim();
      const lost = tags.remove(items, tag);
      tags.prune();
      return outcome(lost, { kind: 'untag', items: lost, tag: name });
    },

    renameTag,

    addToCollection(collection, items, now) {
      const added = collections.add(collection.id, items, now);
      return outcome(added, { kind: 'collect', collection, items: added });
    },

    removeFromCollection(collection, items) {
      const removed = collections.remove(collection.id, items);
      return outcome(removed, { kind: 'uncollect', collection, items: removed });
    },

    deleteCollection(collection) {
      // Undoable even when empty: the collection itself is what was lost.
      const members = collections.delete(collection.id);
      return { changed: members, undo: { kind: 'delete-collection', collection, items: members } };
    },

    trash(items, now) {
      const moved = trashStatement.all(now, seqsParam(items)).map(toItemKey);
      return outcome(moved, { kind: 'trash', items: moved });
    },

    restore(items) {
      const trashed = trashedStatement.all(seqsParam(items)).map((row) => ({ ...toItemKey(row), trashedAt: Number(row.trashed_at) }));
      if (trashed.length > 0) restoreStatement.run(seqsParam(trashed));
      return outcome(trashed, { kind: 'restore', items: trashed });
    },

    revert(entry) {
      switch (entry.kind) {
        case 'favorite':
          setFavoriteStatement.run(entry.favorite ? 0 : 1, seqsParam(entry.items));
          return entry.items;
        case 'tag':
          tags.remove(entry.items, entry.tag);
          tags.prune();
          return entry.items;
        case 'untag':
          tags.add(entry.items, entry.tag);
          return entry.items;
        case 'rename-tag':
          // Renaming back is the same operation the other way round (it merges, should a tag of the
          // old name have appeared meanwhile through an import).
          renameTag(entry.to, entry.from);
          return entry.items;
        case 'merge-tag':
          tags.remove(entry.gained, entry.to);
          tags.add(entry.items, entry.from);
          tags.prune();
          // `gained` is a subset of `items`.
          return entry.items;
        case 'collect':
          collections.remove(entry.collection.id, entry.items);
          return entry.items;
        case 'uncollect':
          collections.ensure(entry.collection);
          collections.restore(entry.collection.id, entry.items);
          return entry.items;
        case 'delete-collection':
          collections.ensure(entry.collection);
          collections.restore(entry.collection.id, entry.items);
          return entry.items;
        case 'trash':
          restoreStatement.run(seqsParam(entry.items));
          return entry.items;
        case 'restore':
          retrashStatement.run(JSON.stringify(entry.items.map((item) => [item.seq, item.trashedAt])));
          return entry.items;
      }
    },
  };
}
