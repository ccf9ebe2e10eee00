import { z } from 'zod';
import { ASPECT_RATIOS } from '../constants';
import { hasControlCharacters, spaceOutControlCharacters } from '../control-characters';
import { AspectRatio } from './generation';
import { DEFAULT_LIBRARY_QUERY as DEFAULTS } from './library-filters';
import { ITEM_STATUSES, ItemId, ItemOrigin, TagName, type LibraryItem } from './library-item';

/**
 * What the library shows: full-text search plus filters, newest or oldest first. Every field's
 * default is DEFAULT_LIBRARY_QUERY (domain/library-filters.ts, zod-free so the renderer can start
 * from it too); the filters' meaning is the table there.
 */
export const LibraryQuery = z.strictObject({
  /** A search: control characters are spaced out, not refused. */
  text: z.string().max(500).overwrite(spaceOutControlCharacters).default(DEFAULTS.text),
  aspectRatios: z.array(AspectRatio).max(ASPECT_RATIOS.length).default(DEFAULTS.aspectRatios),
  /** createdAt range, epoch ms: from inclusive, to exclusive. */
  from: z.int().nonnegative().nullable().default(DEFAULTS.from),
  to: z.int().nonnegative().nullable().default(DEFAULTS.to),
  favoritesOnly: z.boolean().default(DEFAULTS.favoritesOnly),
  /** Items carrying every one of these tags. */
  tags: z.array(TagName).max(20).default(DEFAULTS.tags),
  collectionId: z.uuid().nullable().default(DEFAULTS.collectionId),
  model: z
    .string()
    .max(200)
    .refine((model) => !hasControlCharacters(model), 'A model name cannot contain control characters.')
    .nullable()
    .default(DEFAULTS.model),
  /** Any of these; empty means all. `missing`: the image file is gone from disk. */
  statuses: z
    .array(z.enum([...ITEM_STATUSES, 'missing']))
    .max(4)
    .default(DEFAULTS.statuses),
  /** Only items generated here, or only imported ones; null: both. */
  origin: ItemOrigin.nullable().default(DEFAULTS.origin),
  /** Only the family of this item (domain/family.ts): everything connected to it by lineage, itself included. */
  family: ItemId.nullable().default(DEFAULTS.family),
  /** The library, or the trash. */
  view: z.enum(['library', 'trash']).default(DEFAULTS.view),
  sort: z.enum(['newest', 'oldest']).default(DEFAULTS.sort),
});
export type LibraryQuery = z.infer<typeof LibraryQuery>;

export const LibraryPageInput = z.strictObject({
  query: LibraryQuery.default(LibraryQuery.parse({})),
  limit: z.int().min(1).max(500).default(200),
  /**
   * Keyset cursor from the previous page, for scrolling on: base64url text (services/library/cursor.ts),
   * so anything else, control characters included, is refused here at the boundary.
   */
  cursor: z
    .string()
    .max(300)
    .regex(/^[A-Za-z0-9_-]*$/, 'is not a page cursor')
    .optional(),
  /** Row position to start at, for a jump (scrollbar drag) where no cursor is at hand. */
  offset: z.int().min(0).max(10_000_000).optional(),
});
export type LibraryPageInput = z.infer<typeof LibraryPageInput>;
export interface LibraryPage {
  items: LibraryItem[];
  nextCursor: string | null;
  /**
   * How many items match the query, so the grid can size itself before the rest is loaded. Null for
   * a search main has not counted since the library last changed: counting every match costs more
   * than finding the first page, so the page comes first and `library:count` answers the total.
   */
  total: number | null;
}

/** The query whose matches `library:count` counts. */
export const LibraryCountInput = z.strictObject({ query: LibraryQuery.default(LibraryQuery.parse({})) });
export type LibraryCountInput = z.infer<typeof LibraryCountInput>;

/** What a bulk action applies to: listed ids, or everything a query matches except some (select all). */
export const Selection = z.union([
  z.strictObject({ ids: z.array(ItemId).min(1).max(10_000) }),
  z.strictObject({ query: LibraryQuery, except: z.array(ItemId).max(10_000).default([]) }),
]);
export type Selection = z.infer<typeof Selection>;
