import type { ItemKey } from '../../../../electron/main/services/library/row';
import { undoLabel, type UndoEntry } from '../../../../electron/main/services/library/undo';
import type { organizeHandlers as mainOrganizeHandlers } from '../../../../electron/main/services/studio/handlers/organize';
import type { ChangeSummary, Collection, LibraryItem, Selection } from '../../../../electron/shared/domain';
import { appError, fail, ok, type Result } from '../../../../electron/shared/errors';
import { fakeId } from '../fake-data';
import type { FakeReverie } from '../fake-reverie';
import { selectedItems } from './library';
import type { FakeHandlersFor } from './types';

type StoredCollection = Omit<Collection, 'count'>;

/**
 * What Undo takes back: main's entry for the action (its toast reads main's own `undoLabel`), and the
 * items and collections as they were before it, which the fake simply puts back.
 */
export interface FakeUndo {
  entry: UndoEntry;
  items: LibraryItem[];
  collections: StoredCollection[];
}

/**
 * Items as main's undo entries name them. `seq` is the database's row number, which the fake does
 * not have; the entries serve only for their label, which counts them.
 */
const keysOf = (items: readonly LibraryItem[]): ItemKey[] => items.map((item, index) => ({ seq: index + 1, id: item.id }));

/** Favorites, tags, the trash, collections and Undo: each action changes only what it must, as main's organizer does. */
export function organizeHandlers(fake: FakeReverie): FakeHandlersFor<typeof mainOrganizeHandlers> {
  const summary = (changed: number): ChangeSummary => ({ changed, undoLabel: undoLabel(fake.lastUndo?.entry ?? null) });

  /**
   * Applies `change` (null: leaves the item alone) to the selected items. When anything changed it
   * becomes what Undo takes back, and every window hears of it; when nothing did, the previous Undo stays.
   */
  function organize(
    items: readonly LibraryItem[],
    reason: 'organize' | 'trash',
    entryFor: (changed: ItemKey[], before: LibraryItem[]) => UndoEntry,
    change: (item: LibraryItem) => LibraryItem | null,
  ): Result<ChangeSummary> {
    const before: LibraryItem[] = [];
    const after = new Map<string, LibraryItem>();
    for (const item of items) {
      const next = change(item);
      if (next === null) continue;
      before.push(item);
      after.set(item.id, next);
    }
    if (after.size === 0) return ok(summary(0));
    fake.library = fake.library.map((item) => after.get(item.id) ?? item);
    fake.lastUndo = { entry: entryFor(keysOf(before), before), items: before, collections: fake.collections };
    fake.emit('library:changed', { reason });
    return ok(summary(after.size));
  }

  const selected = (selection: Selection) => selectedItems(fake.library, selection);
  const collectionNamed = (id: string) => fake.collections.find((collection) => collection.id === id);
  const noCollection = () => fail(appError('not-found-locally', 'That collection no longer exists; it may have been deleted.'));
  const counted = (collection: StoredCollection): Collection => ({
    ...collection,
    count: fake.library.filter((item) => item.trashedAt === null && item.collectionIds.includes(collection.id)).length,
  });

  /** Puts the selected items in the collection (`member`) or takes them out; only those not already so change. */
  function changeMembership(collectionId: string, selection: Selection, member: boolean): Result<ChangeSummary> {
    const collection = collectionNamed(collectionId);
    if (!collection) return noCollection();
    return organize(
      selected(selection),
      'organize',
      (items) => (member ? { kind: 'collect', collection, items } : { kind: 'uncollect', collection, items: items.map((key) => ({ ...key, addedAt: 0 })) }),
      (item) => {
        if (item.collectionIds.includes(collectionId) === member) return null;
        const others = item.collectionIds.filter((other) => other !== collectionId);
        return { ...item, collectionIds: member ? [...others, collectionId] : others };
      },
    );
  }

  return {
    'library:set-favorite': ({ selection, favorite }) =>
      organize(
        selected(selection),
        'organize',
        (items) => ({ kind: 'favorite', items, favorite }),
        (item) => (item.favorite === favorite ? null : { ...item, favorite }),
      ),
    'library:add-tag': ({ selection, tag }) =>
      organize(
        selected(selection),
        'organize',
        (items) => ({ kind: 'tag', items, tag }),
        (item) => (item.tags.includes(tag) ? null : { ...item, tags: [...item.tags, tag] }),
      ),
    'library:remove-tag': ({ selection, tag }) =>
      organize(
        selected(selection),
        'organize',
        (items) => ({ kind: 'untag', items, tag }),
        (item) => (item.tags.includes(tag) ? { ...item, tags: item.tags.filter((other) => other !== tag) } : null),
      ),
    'library:trash': ({ selection }) => {
      const at = fake.tick();
      return organize(
        selected(selection),
        'trash',
        (items) => ({ kind: 'trash', items }),
        (item) => (item.trashedAt === null ? { ...item, trashedAt: at } : null),
      );
    },
    'library:restore': ({ selection }) =>
      organize(
        selected(selection),
        'trash',
        (items, before) => ({ kind: 'restore', items: items.map((key, index) => ({ ...key, trashedAt: before[index]?.trashedAt ?? 0 })) }),
        (item) => (item.trashedAt === null ? null : { ...item, trashedAt: null }),
      ),
    'library:empty-trash': () => {
      const before = fake.library.length;
      fake.library = fake.library.filter((item) => item.trashedAt === null);
      const changed = before - fake.library.length;
      // Main forgets the last action: what it names may no longer exist.
      fake.lastUndo = null;
      if (changed > 0) fake.emit('library:changed', { reason: 'trash' });
      return ok({ changed, undoLabel: null });
    },
    'library:undo': () => {
      const last = fake.lastUndo;
      if (last === null) return ok({ changed: 0, undoLabel: null });
      const previous = new Map(last.items.map((item) => [item.id, item]));
      fake.library = fake.library.map((item) => previous.get(item.id) ?? item);
      fake.collections = last.collections;
      fake.lastUndo = null;
      fake.emit('library:changed', { reason: 'undo' });
      return ok({ changed: last.items.length, undoLabel: null });
    },
    'tags:list': ({ prefix, limit }) => {
      const start = prefix.toLowerCase();
      const counts = new Map<string, number>();
      for (const item of fake.library) {
        if (item.trashedAt !== null) continue;
        for (const tag of item.tags) if (tag.toLowerCase().startsWith(start)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
      }
      return ok(
        [...counts]
          .map(([name, count]) => ({ name, count }))
          .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
          .slice(0, limit),
      );
    },
    // A tag is one for the whole library: renaming it reaches every item, in the trash too; a name
    // another tag already has merges the two.
    'tags:rename': ({ from, to }) => {
      const merges = fake.library.some((item) => item.tags.includes(to));
      return organize(
        fake.library,
        'organize',
        (items) => (merges ? { kind: 'merge-tag', from, to, items, gained: items } : { kind: 'rename-tag', from, to, items }),
        (item) => (item.tags.includes(from) ? { ...item, tags: [...new Set(item.tags.map((tag) => (tag === from ? to : tag)))] } : null),
      );
    },
    'collections:list': () => ok(fake.collections.map(counted)),
    'collections:create': ({ name }) => {
      const collection = { id: fakeId(), name, createdAt: fake.tick() };
      fake.collections = [...fake.collections, collection];
      return ok({ ...collection, count: 0 });
    },
    'collections:rename': ({ id, name }) => {
      const collection = collectionNamed(id);
      if (!collection) return noCollection();
      fake.collections = fake.collections.map((other) => (other.id === id ? { ...other, name } : other));
      return ok(counted({ ...collection, name }));
    },
    'collections:delete': ({ id }) => {
      const collection = collectionNamed(id);
      if (!collection) return noCollection();
      const collections = fake.collections;
      const members = fake.library.filter((item) => item.collectionIds.includes(id));
      fake.library = fake.library.map((item) =>
        item.collectionIds.includes(id) ? { ...item, collectionIds: item.collectionIds.filter((other) => other !== id) } : item,
      );
      fake.collections = fake.collections.filter((other) => other.id !== id);
      // Undoable even when empty: the collection itself is what was lost. The fake keeps no membership dates.
      const items = keysOf(members).map((key) => ({ ...key, addedAt: 0 }));
      fake.lastUndo = { entry: { kind: 'delete-collection', collection, items }, items: members, collections };
      fake.emit('library:changed', { reason: 'organize' });
      return ok(summary(members.length));
    },
    'collections:add': ({ collectionId, selection }) => changeMembership(collectionId, selection, true),
    'collections:remove': ({ collectionId, selection }) => changeMembership(collectionId, selection, false),
  };
}
