import type { LibraryQuery } from '../../../../electron/shared/domain';

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

/** The query fields that places set. */
type PlaceFields = Pick<LibraryQuery, 'view' | 'favoritesOnly' | 'origin' | 'statuses' | 'collectionId' | 'tags'>;

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
  return fieldsOf(place);
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value) => b.includes(value));

function matches(query: LibraryQuery, fields: PlaceFields): boolean {
  return (
    query.view === fields.view &&
    query.favoritesOnly === fields.favoritesOnly &&
    query.origin === fields.origin &&
    sameSet(query.statuses, fields.statuses) &&
    query.collectionId === fields.collectionId &&
    sameSet(query.tags, fields.tags)
  );
}

/** Whether the query shows exactly this place (other filters may narrow it). */
export function isCurrentPlace(query: LibraryQuery, place: Place): boolean {
  return matches(query, fieldsOf(place));
}
