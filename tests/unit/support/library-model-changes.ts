import type { Library } from '../../../electron/main/services/library/library';
import { MODEL_IDS } from '../../../electron/shared/constants';
import type { LibraryItem } from '../../../electron/shared/domain';
import type { Random } from '../../support/seeded-random';
import { COLLECTIONS, COLLECTION_NAMES, CREATED_BASE, ITEM_TAGS, TRASHED_BASE, randomItem } from './library-model';

/**
 * Changes made to a real library through its API and, the same way, to the model's items
 * (support/library-model.ts), so both keep describing one library. Every time stays distinct: new
 * createdAt values are ones no item has, and each thing trashed gets its own moment from the clock.
 * Each change returns the ids it touched.
 */

/** Moments to trash things at: later than every drawn trashedAt, one per call. */
export interface Clock {
  next(random: Random): number;
}

export function newClock(): Clock {
  let now = TRASHED_BASE + 10_000_000;
  return { next: (random) => (now += 1 + random.int(50)) };
}

/** A createdAt no item has, anywhere among or around theirs. */
function unusedCreatedAt(random: Random, items: readonly LibraryItem[]): number {
  const used = new Set(items.map((item) => item.createdAt));
  for (;;) {
    const candidate = CREATED_BASE - 20_000 + random.int(items.length * 1_100 + 40_000);
    if (!used.has(candidate)) return candidate;
  }
}

const replace = (items: LibraryItem[], next: LibraryItem) =>
  items.splice(
    items.findIndex((item) => item.id === next.id),
    1,
    next,
  );

function insert(random: Random, library: Library, items: LibraryItem[], clock: Clock): string[] {
  const item = randomItem(random, items, { createdAt: unusedCreatedAt(random, items), trashedAt: random.next() < 0.2 ? clock.next(random) : null });
  library.insert(item, COLLECTION_NAMES);
  items.push(item);
  return [item.id];
}

function trash(random: Random, library: Library, items: LibraryItem[], clock: Clock): string[] {
  const kept = items.filter((item) => item.trashedAt === null);
  if (kept.length === 0) return [];
  const item = random.pick(kept);
  const now = clock.next(random);
  library.trash({ ids: [item.id] }, now);
  replace(items, { ...item, trashedAt: now });
  return [item.id];
}

function restore(random: Random, library: Library, items: LibraryItem[]): string[] {
  const trashed = items.filter((item) => item.trashedAt !== null);
  if (trashed.length === 0) return [];
  const item = random.pick(trashed);
  library.restore({ ids: [item.id] });
  replace(items, { ...item, trashedAt: null });
  return [item.id];
}

/** A few items, anywhere (trash included). */
const someOf = (random: Random, items: readonly LibraryItem[]) => [...new Set(Array.from({ length: 1 + random.int(4) }, () => random.pick(items)))];

function favorite(random: Random, library: Library, items: LibraryItem[]): string[] {
  const chosen = someOf(random, items);
  const value = random.next() < 0.5;
  library.setFavorite({ ids: chosen.map((item) => item.id) }, value);
  for (const item of chosen) replace(items, { ...item, favorite: value });
  return chosen.map((item) => item.id);
}

/** Adds or removes a tag: the search reads tag names too, so this moves items in and out of searches. */
function retag(random: Random, library: Library, items: LibraryItem[]): string[] {
  const chosen = someOf(random, items);
  const tag = random.pick(ITEM_TAGS);
  const adding = random.next() < 0.6;
  const selection = { ids: chosen.map((item) => item.id) };
  if (adding) library.addTag(selection, tag);
  else library.removeTag(selection, tag);
  for (const item of chosen) {
    const others = item.tags.filter((own) => own !== tag);
    replace(items, { ...item, tags: adding ? [...others, tag] : others });
  }
  return chosen.map((item) => item.id);
}

function regroup(random: Random, library: Library, items: LibraryItem[]): string[] {
  const chosen = someOf(random, items);
  const collection = random.pick(COLLECTIONS);
  const adding = random.next() < 0.6;
  const selection = { ids: chosen.map((item) => item.id) };
  const done = adding ? library.addToCollection(collection, selection, CREATED_BASE) : library.removeFromCollection(collection, selection);
  if (!done.ok) throw new Error(done.error.message);
  for (const item of chosen) {
    const others = item.collectionIds.filter((id) => id !== collection);
    replace(items, { ...item, collectionIds: adding ? [...others, collection] : others });
  }
  return chosen.map((item) => item.id);
}

/** Rewrites an item whole (as a reconcile does): new prompt, title, tags, ratio, model, status; half the time a new createdAt. */
function rewrite(random: Random, library: Library, items: LibraryItem[]): string[] {
  const old = random.pick(items);
  const drawn = randomItem(random, [], { createdAt: old.createdAt, trashedAt: old.trashedAt });
  const next: LibraryItem = {
    ...drawn,
    id: old.id,
    sources: old.sources,
    model: random.pick(MODEL_IDS),
    createdAt: random.next() < 0.5 ? unusedCreatedAt(random, items) : old.createdAt,
  };
  library.update(next, COLLECTION_NAMES);
  replace(items, next);
  return [old.id];
}

/** Deletes the trash for good: the rows go, the ids stay named as sources by what was made from them. */
function emptyTrash(library: Library, items: LibraryItem[]): string[] {
  const gone = items.filter((item) => item.trashedAt !== null).map((item) => item.id);
  library.emptyTrash();
  for (const id of gone)
    items.splice(
      items.findIndex((item) => item.id === id),
      1,
    );
  return gone;
}

/** A change between two pages of a walk: an item added, trashed, restored, made a favorite or not, re-tagged. */
export function applyRandomChange(random: Random, library: Library, items: LibraryItem[], clock: Clock): string[] {
  const roll = random.next();
  if (roll < 0.3) return insert(random, library, items, clock);
  if (roll < 0.55) return trash(random, library, items, clock);
  if (roll < 0.75) return restore(random, library, items);
  if (roll < 0.9) return favorite(random, library, items);
  return retag(random, library, items);
}

/** Any edit the library offers, emptying the trash now and then. */
export function applyRandomEdit(random: Random, library: Library, items: LibraryItem[], clock: Clock): string[] {
  const roll = random.next();
  if (items.length === 0 || roll < 0.15) return insert(random, library, items, clock);
  if (roll < 0.35) return rewrite(random, library, items);
  if (roll < 0.5) return retag(random, library, items);
  if (roll < 0.6) return regroup(random, library, items);
  if (roll < 0.7) return favorite(random, library, items);
  if (roll < 0.82) return trash(random, library, items, clock);
  if (roll < 0.95) return restore(random, library, items);
  return emptyTrash(library, items);
}
