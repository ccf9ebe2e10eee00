import { useEffect } from 'react';
import type { LibraryCounts } from '../../../../electron/shared/domain';
import { followLibraryCountEvents, loadLibraryCounts, useLibraryCountsStore } from '../../stores/library-counts-store';
import { useCollectionsStore } from '../../stores/library-collections-store';
import { useTagsStore } from '../../stores/library-tags-store';

/** How many images each place holds; null where it is not known (yet). */
export type PlaceCounts = { [Key in 'all' | 'favorites' | 'imported' | 'problems' | 'trash']: number | null } & Pick<LibraryCounts, 'collections' | 'tags'>;

/**
 * The sidebar's counts, from main's `library:counts`. Until it has answered, collections and
 * tags show the counts their own lists carry, and the other places none.
 */
export function usePlaceCounts(): PlaceCounts {
  const counts = useLibraryCountsStore((state) => state.counts);
  const collections = useCollectionsStore((state) => state.collections);
  const tags = useTagsStore((state) => state.tags);

  useEffect(() => {
    void loadLibraryCounts();
    return followLibraryCountEvents();
  }, []);

  if (counts !== null) return counts;
  return {
    all: null,
    favorites: null,
    imported: null,
    problems: null,
    trash: null,
    collections: Object.fromEntries(collections.map((collection) => [collection.id, collection.count])),
    tags,
  };
}
