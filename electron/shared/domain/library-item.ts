import { z } from 'zod';
import { hasControlCharacters } from '../control-characters';
import { AspectRatio } from './generation';

/** One generation in the library, the names it is organised by, and how its files are asked for. */

export const ItemId = z.uuid();
export type ItemId = z.infer<typeof ItemId>;
export const ItemRef = z.strictObject({ id: ItemId });

export const ImageMimeType = z.enum(['image/png', 'image/jpeg', 'image/webp']);
export type ImageMimeType = z.infer<typeof ImageMimeType>;

export const ITEM_STATUSES = ['ok', 'refused', 'download-failed'] as const;
export const ItemStatus = z.enum(ITEM_STATUSES);
export type ItemStatus = z.infer<typeof ItemStatus>;

/** Generated here, or imported from files dropped into the window. */
export const ITEM_ORIGINS = ['generated', 'imported'] as const;
export const ItemOrigin = z.enum(ITEM_ORIGINS);
export type ItemOrigin = z.infer<typeof ItemOrigin>;

export const TagName = z
  .string()
  .trim()
  .min(1, 'A tag needs a name.')
  .max(60, 'A tag can be at most 60 characters.')
  .refine((name) => !hasControlCharacters(name), 'A tag cannot contain control characters.');

export const CollectionName = z
  .string()
  .trim()
  .min(1, 'A collection needs a name.')
  .max(100)
  .refine((name) => !hasControlCharacters(name), 'A collection name cannot contain control characters.');

/**
 * A ThumbHash (the `thumbhash` package) as base64. Its encoder writes at most 25 bytes (5 header
 * bytes, one for alpha, then 4-bit coefficients), 36 characters; a little room is left. Checked
 * because the renderer decodes it into pixels.
 */
export const Placeholder = z
  .string()
  .max(48)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'is not base64');

/**
 * One generation in the library, with or without an image: a refused prompt or a paid image whose
 * download failed is listed too, so nothing the user paid for disappears. Also the shape of the JSON
 * sidecar next to each image file (the library can be rebuilt from the folder alone).
 */
export const LibraryItem = z.strictObject({
  id: ItemId,
  /** What was sent to the API; empty for an imported picture that carried no prompt of its own. */
  prompt: z.string(),
  /** A display title: an imported picture's file name without its extension; null for a generated image. */
  title: z.string().nullable(),
  aspectRatio: AspectRatio,
  model: z.string(),
  status: ItemStatus,
  origin: ItemOrigin,
  width: z.int().positive().nullable(),
  height: z.int().positive().nullable(),
  /** `rsid-…` from the API; support asks for it. */
  requestId: z.string().nullable(),
  /** Credits charged (`tokens_used` or `credits_used`), null when the response did not say. */
  credits: z.number().nonnegative().nullable(),
  /** Epoch milliseconds. */
  createdAt: z.int().nonnegative(),
  /** sha256 of the original bytes, hex; the file's name in the image store. Null without an image. */
  fileHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  byteSize: z.int().nonnegative().nullable(),
  mimeType: ImageMimeType.nullable(),
  /** A ThumbHash of the image (base64), drawn while the thumbnail loads; null when not known (yet). */
  placeholder: Placeholder.nullable(),
  /** Where the API said the image could be downloaded, kept so a lost file can be fetched again. */
  sourceUrl: z.string().nullable(),
  favorite: z.boolean(),
  tags: z.array(z.string()),
  collectionIds: z.array(z.uuid()),
  /** When it was moved to the trash; null when it is in the library. */
  trashedAt: z.int().nonnegative().nullable(),
  /** The row points at an image file that is no longer on disk: shown as missing, never hidden. */
  fileMissing: z.boolean(),
  /**
   * Lineage: the library items this one was made from, in the order they were sent (one for an
   * edit, 1–4 for a remix, none for a create or an import). The `model` says how; the `prompt` is
   * the instruction. A source may since have been deleted: the id is kept all the same.
   */
  sources: z.array(ItemId).max(4).default([]),
  /** The X-Client-Request-Id the request carried (the job's id); null for imports and older items. */
  clientRequestId: z.string().max(128).nullable().default(null),
  /** The API's x-inference-id answer header, when it sent one. */
  inferenceId: z.string().max(200).nullable().default(null),
});
export type LibraryItem = z.infer<typeof LibraryItem>;

/** What a new item must be told; every other field may be given, or starts as `newLibraryItem` says. */
export type NewLibraryItem = Pick<LibraryItem, 'prompt' | 'aspectRatio' | 'model' | 'createdAt'> & Partial<LibraryItem>;

/**
 * A new library item: generated, status ok, a new random id, no title, no image (nor placeholder)
 * and nothing known of its request unless given, not a favorite, untagged, in no collection, not in the trash, its file (if
 * any) on disk. The one place these starting values are written: the queue, import, recovery, the
 * version-1 sidecar upgrade, the benchmarks and the test fixtures all build items here. Fields come
 * out in the schema's order, so a sidecar written from the item lists them as it always did.
 */
export function newLibraryItem(fields: NewLibraryItem): LibraryItem {
  return {
    id: fields.id ?? crypto.randomUUID(),
    prompt: fields.prompt,
    title: fields.title ?? null,
    aspectRatio: fields.aspectRatio,
    model: fields.model,
    status: fields.status ?? 'ok',
    origin: fields.origin ?? 'generated',
    width: fields.width ?? null,
    height: fields.height ?? null,
    requestId: fields.requestId ?? null,
    credits: fields.credits ?? null,
    createdAt: fields.createdAt,
    fileHash: fields.fileHash ?? null,
    byteSize: fields.byteSize ?? null,
    mimeType: fields.mimeType ?? null,
    placeholder: fields.placeholder ?? null,
    sourceUrl: fields.sourceUrl ?? null,
    favorite: fields.favorite ?? false,
    tags: fields.tags ?? [],
    collectionIds: fields.collectionIds ?? [],
    trashedAt: fields.trashedAt ?? null,
    fileMissing: fields.fileMissing ?? false,
    sources: fields.sources ?? [],
    clientRequestId: fields.clientRequestId ?? null,
    inferenceId: fields.inferenceId ?? null,
  };
}

/** Which file of an item the media scheme serves: the original bytes, or the small thumbnail. */
export const MediaVariant = z.enum(['original', 'thumb']);
export type MediaVariant = z.infer<typeof MediaVariant>;
