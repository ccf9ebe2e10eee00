import type { LibraryQuery } from '../../../../electron/shared/domain';
import { DEFAULT_LIBRARY_QUERY } from '../../../../electron/shared/domain/library-filters';

/**
 * The library's places (the sidebar): each one is a query. Choosing a place sets the fields that
 * make places and clears the other places' fields; the search text, sort and the other filters
 * (ratio, dates, model) stay, as a folder in Eagle or Lightroom keeps the search bar's text.
 */

export type Place =
  | { kind: 'all' }
  | { kind: 'favorites' }
  | { kind: 'imported' }
  | { kind: 'problems' }
  | { kind: 'trash' }
  | { kind: 'collection'; id: string }
  | { kind: 'tag'; name: string };

/** Where an item came from; the `origin` filter of the library query. */
type Origin = 'generated' | 'imported' | null;

/**
 * The query fields that places set. `origin` is read loosely so this file does not depend on the
 * moment the library-data change adds it to LibraryQuery.
 */
type PlaceFields = Pick<LibraryQuery, 'view' | 'favoritesOnly' | 'statuses' | 'collectionId' | 'tags'> & { origin: Origin };

/** "Refused and failed": everything paid for or asked for that has no image to show. */
export const PROBLEM_STATUSES: LibraryQuery['statuses'] = ['refused', 'download-failed', 'missing'];

const NO_PLACE: PlaceFields = { view: 'library', favoritesOnly: false, statuses: [], collectionId: null, tags: [], origin: null };

function fieldsOf(place: Place): PlaceFields {
  switch (place.kind) {
    case 'all':
      return NO_PLACE;
    case 'favorites':
      return { ...NO_PLACE, favoritesOnly: true };
    case 'imported':
      return { ...NO_PLACE, origin: 'imported' };
    case 'problems':
      return { ...NO_PLACE, statuses: [...PROBLEM_STATUSES] };
    case 'trash':
      return { ...NO_PLACE, view: 'trash' };
    case 'collection':
      return { ...NO_PLACE, collectionId: place.id };
    case 'tag':
      return { ...NO_PLACE, tags: [place.name] };
  }
}

/** The patch for changeLibraryQuery that shows this place. */
export function placeQuery(place: Place): Partial<LibraryQuery> {
  const { origin, ...fields } = fieldsOf(place);
  // Until LibraryQuery has an origin field (its defaults say), main's strict schema would refuse one.
  if (!('origin' in DEFAULT_LIBRARY_QUERY) && origin === null) return fields;
  return { ...fields, ...({ origin } as Partial<LibraryQuery>) };
}

const originOf = (query: LibraryQuery): Origin => (query as LibraryQuery & { origin?: Origin }).origin ?? null;

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value) => b.includes(value));

function matches(query: LibraryQuery, fields: PlaceFields): boolean {
  return (
    query.view === fields.view &&
    query.favoritesOnly === fields.favoritesOnly &&
    originOf(query) === fields.origin &&
    sameSet(query.statuses, fields.statuses) &&
    query.collectionId === fields.collectionId &&
    sameSet(query.tags, fields.tags)
  );
}

/** Whether the query shows exactly this place (other filters may narrow it). */
export function isCurrentPlace(query: LibraryQuery, place: Place): boolean {
  return matches(query, fieldsOf(place));
}
