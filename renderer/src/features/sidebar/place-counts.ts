import { useCollectionsStore } from '../../stores/library-collections-store';
import { useTagsStore } from '../../stores/library-tags-store';

/** How many images each place holds; null where it is not known (yet). */
export interface PlaceCounts {
  all: number | null;
  favorites: number | null;
  imported: number | null;
  problems: number | null;
  trash: number | null;
  collections: Readonly<Record<string, number>>;
  tags: ReadonlyArray<{ name: string; count: number }>;
}

/** The counts the sidebar shows, from the collections' and tags' own lists. */
export function usePlaceCounts(): PlaceCounts {
  const collections = useCollectionsStore((state) => state.collections);
  const tags = useTagsStore((state) => state.tags);
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
