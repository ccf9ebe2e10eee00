import { z } from 'zod';
import { spaceOutControlCharacters } from '../control-characters';
import { CollectionName, TagName } from './library-item';
import { Selection } from './library-query';

/** Organising the library: favorites, tags, collections, the trash, and Undo. */

export const FavoriteInput = z.strictObject({ selection: Selection, favorite: z.boolean() });
export const TagInput = z.strictObject({ selection: Selection, tag: TagName });
export const TagRename = z.strictObject({ from: TagName, to: TagName });
export const TagQuery = z.strictObject({
  prefix: z.string().max(60).overwrite(spaceOutControlCharacters).default(''),
  limit: z.int().min(1).max(100).default(20),
});
export interface TagCount {
  name: string;
  count: number;
}

export const CollectionRef = z.strictObject({ id: z.uuid() });
export const CollectionCreate = z.strictObject({ name: CollectionName });
export const CollectionRename = z.strictObject({ id: z.uuid(), name: CollectionName });
export const CollectionMembership = z.strictObject({ collectionId: z.uuid(), selection: Selection });
export interface Collection {
  id: string;
  name: string;
  count: number;
  createdAt: number;
}

/**
 * How many items each of the sidebar's places holds. Like the places themselves, every count but
 * `trash` leaves the trash out: `all` is the library, `problems` the items refused, whose paid
 * download failed, or whose file is missing. `collections` has every collection (0 when empty),
 * `tags` every tag some item outside the trash carries, most used first.
 */
export interface LibraryCounts {
  all: number;
  favorites: number;
  imported: number;
  problems: number;
  trash: number;
  collections: Record<string, number>;
  tags: TagCount[];
}

export const SelectionInput = z.strictObject({ selection: Selection });
/** Emptying the trash deletes files for good; the renderer must say so and the user confirm. */
export const EmptyTrashInput = z.strictObject({ confirm: z.literal(true) });

/** The result of an organize action, and what Undo would do next. */
export interface ChangeSummary {
  changed: number;
  /** A sentence for the undo toast, e.g. "Moved 3 images to the trash"; null when there is nothing to undo. */
  undoLabel: string | null;
}
