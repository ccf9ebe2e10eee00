import { decodeCursor, encodeCursor, type PagePosition } from '../../../../electron/main/services/library/cursor';
import { orderingOf } from '../../../../electron/main/services/library/query';
import { IMPORTED_MODEL, titleFromFileName } from '../../../../electron/main/services/library-folder/import';
import { sniffImageType } from '../../../../electron/main/services/image-type';
import type { libraryHandlers as mainLibraryHandlers } from '../../../../electron/main/services/studio/handlers/library';
import type { ParsedInput } from '../../../../electron/shared/contract';
import {
  libraryFilterContext,
  passesLibraryFilters,
  type ImportResult,
  type LibraryCounts,
  type LibraryItem,
  type LibraryPage,
  type LibraryQuery,
  type Selection,
  type TagCount,
} from '../../../../electron/shared/domain';
import { appError, fail, ok, type Result } from '../../../../electron/shared/errors';
import { makeItem } from '../fake-data';
import type { FakeReverie } from '../fake-reverie';
import type { FakeHandlersFor } from './types';

/**
 * Main's ORDER BY for this query (services/library/query.ts): when an item was made, or in the
 * trash when it was deleted, in the sort's direction. Equal times are split by id here; main splits
 * equal creation times by arrival (sort-key.ts), which no renderer test depends on.
 */
function orderOf(query: LibraryQuery) {
  const { order, column, direction } = orderingOf(query);
  const keyOf = (item: LibraryItem) => (column === 'sort_key' ? item.createdAt : (item.trashedAt ?? 0));
  const sign = direction === 'DESC' ? -1 : 1;
  /** Negative when the position `a` comes before `b`. */
  const compare = (a: Omit<PagePosition, 'order'>, b: Omit<PagePosition, 'order'>) => sign * (a.key - b.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const positionOf = (item: LibraryItem) => ({ key: keyOf(item), id: item.id });
  return { order, compare, positionOf, compareItems: (a: LibraryItem, b: LibraryItem) => compare(positionOf(a), positionOf(b)) };
}

/**
 * The items a query matches, in its order: main's filters (the shared filter table), its ordering
 * (sort column, then id, both in the sort's direction). The search text is the fake's own: every
 * word a substring of the prompt, the title or a tag, where main asks its full-text index of those
 * three (services/library/query.ts). The family filter walks the whole library, trash included, as main does.
 */
export function matchingItems(library: readonly LibraryItem[], query: LibraryQuery): LibraryItem[] {
  const words = query.text.toLowerCase().split(/\s+/).filter(Boolean);
  const context = libraryFilterContext(library, query);
  const matches = library.filter((item) => {
    if ((query.view === 'trash') !== (item.trashedAt !== null)) return false;
    const searched = [item.prompt, item.title ?? '', ...item.tags].map((text) => text.toLowerCase());
    return words.every((word) => searched.some((text) => text.includes(word))) && passesLibraryFilters(item, query, context);
  });
  return matches.sort(orderOf(query).compareItems);
}

/** The items a selection names: listed ids, or what its query matches but the exceptions. */
export function selectedItems(library: readonly LibraryItem[], selection: Selection): LibraryItem[] {
  if ('ids' in selection) {
    const ids = new Set(selection.ids);
    return library.filter((item) => ids.has(item.id));
  }
  const except = new Set(selection.except);
  return matchingItems(library, selection.query).filter((item) => !except.has(item.id));
}

/** Listing and getting items, and importing dropped files. */
export function libraryHandlers(fake: FakeReverie): FakeHandlersFor<typeof mainLibraryHandlers> {
  return {
    'library:list': (input) => listPage(fake.library, input),
    'library:count': ({ query }) => ok(matchingItems(fake.library, query).length),
    'library:get': ({ id }) => {
      const item = fake.library.find((candidate) => candidate.id === id);
      return item ? ok({ ...item }) : fail(appError('not-found-locally', 'That image is no longer in the library.'));
    },
    'library:counts': () => ok(countPlaces(fake)),
    'library:import': ({ files }) => importFiles(fake, files),
    'library:import-picked': () => {
      const picked = fake.nextPickedImages;
      if (picked === null) return fail(appError('cancelled', 'No images were imported.'));
      // As main: progress once the files are chosen, then as they are done (here all at once).
      fake.emit('import:progress', { done: 0, total: picked.length });
      const result = importFiles(fake, picked);
      fake.emit('import:progress', { done: picked.length, total: picked.length });
      return result;
    },
    'library:lineage': ({ id }) => {
      const item = fake.library.find((candidate) => candidate.id === id);
      if (!item) return fail(appError('not-found-locally', 'That image is no longer in the library.'));
      const byId = (source: string) => fake.library.find((candidate) => candidate.id === source) ?? null;
      const versions = fake.library.filter((candidate) => candidate.sources.includes(id)).sort((a, b) => b.createdAt - a.createdAt);
      return ok({ sources: item.sources.map((source) => ({ id: source, item: byId(source) })), versions });
    },
  };
}

/**
 * Main's counts (services/library/counts.ts): the places leave the trash out but for Trash itself;
 * every collection, empty ones at 0; tags in use outside the trash, most used first, then by name
 * as SQLite's NOCASE compares (A–Z folded), one entry per name whatever its spellings (the tags table's NOCASE).
 */
function countPlaces({ library, collections }: FakeReverie): LibraryCounts {
  const kept = library.filter((item) => item.trashedAt === null);
  const fold = (name: string) => name.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  const tags = new Map<string, TagCount>();
  for (const name of kept.flatMap((item) => item.tags)) {
    const entry = tags.get(fold(name)) ?? { name, count: 0 };
    entry.count += 1;
    tags.set(fold(name), entry);
  }
  return {
    all: kept.length,
    favorites: kept.filter((item) => item.favorite).length,
    imported: kept.filter((item) => item.origin === 'imported').length,
    problems: kept.filter((item) => item.status !== 'ok' || item.fileMissing).length,
    trash: library.length - kept.length,
    collections: Object.fromEntries(collections.map(({ id }) => [id, kept.filter((item) => item.collectionIds.includes(id)).length])),
    tags: [...tags.values()].sort((a, b) => b.count - a.count || (fold(a.name) < fold(b.name) ? -1 : fold(a.name) > fold(b.name) ? 1 : 0)),
  };
}

/**
 * Like main: the query's matches in its order, paged by main's own keyset cursor (opaque to the
 * page, and refused on another ordering) or by an offset for a jump.
 */
function listPage(library: readonly LibraryItem[], { query, limit, cursor, offset }: ParsedInput<'library:list'>): Result<LibraryPage> {
  if (cursor !== undefined && offset !== undefined) {
    return fail(appError('invalid-input', 'A library page starts at a cursor or at an offset, not both.'));
  }
  const { order, compare, positionOf } = orderOf(query);
  const sorted = matchingItems(library, query);
  let start = offset ?? 0;
  if (cursor !== undefined) {
    const after = decodeCursor(cursor);
    if (after === null || after.order !== order) {
      return fail(appError('invalid-input', 'That page of the library could not be found; reload the library.'));
    }
    const index = sorted.findIndex((item) => compare(positionOf(item), after) > 0);
    start = index === -1 ? sorted.length : index;
  }
  const items = sorted.slice(start, start + limit);
  const last = items.at(-1);
  const nextCursor = last && start + items.length < sorted.length ? encodeCursor({ order, ...positionOf(last) }) : null;
  // Like main, a search's pages come without their total (LibraryPage.total); main leaves it out until
  // it has counted, the fake always: the window must ask library:count either way.
  return ok({ items: items.map((item) => ({ ...item })), nextCursor, total: query.text.trim() === '' ? sorted.length : null });
}

/** Decides by the first bytes, as main does (its own sniffer): PNG, JPEG and WebP become imported items. */
function importFiles(fake: FakeReverie, files: ParsedInput<'library:import'>['files']): Result<ImportResult> {
  // The fake does not hash files: every file is new to it (`existing` stays empty unless a test overrides the reply).
  const result: ImportResult = { imported: [], skipped: [], existing: [] };
  for (const { name, bytes } of files) {
    const mimeType = sniffImageType(bytes);
    if (mimeType === null) {
      result.skipped.push({ name, reason: 'not a PNG, JPEG or WebP image' });
      continue;
    }
    const item = makeItem({
      // Main reads a prompt embedded in the file; the fake's files carry none.
      prompt: '',
      title: titleFromFileName(name),
      model: IMPORTED_MODEL,
      origin: 'imported',
      mimeType,
      byteSize: bytes.byteLength,
      credits: null,
      requestId: null,
      createdAt: fake.tick(),
    });
    fake.library.push(item);
    result.imported.push(item);
  }
  if (result.imported.length > 0) fake.emit('library:changed', { reason: 'import' });
  return ok(result);
}
