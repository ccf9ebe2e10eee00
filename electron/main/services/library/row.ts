import type { SQLInputValue, SQLOutputValue } from 'node:sqlite';
import type { LibraryItem } from '../../../shared/domain';

/** The one place that knows how a LibraryItem maps onto a `generations` row, in both directions. */

/**
 * The stored fields, in the order INSERT and UPDATE name them. Tags, collections and sources live in
 * their own tables; tag_text (the search's copy of the tag names) and import_checked are kept by the
 * database and startup, never written from an item.
 */
export const GENERATION_COLUMNS =
  'id, prompt, title, aspect_ratio, model, status, origin, width, height, request_id, credits, created_at, ' +
  'file_hash, byte_size, mime_type, placeholder, source_url, favorite, trashed_at, file_missing, client_request_id, inference_id';

/** What every read selects: seq too, because tags and collections refer to rows by seq. */
export const SELECT_COLUMNS = `seq, ${GENERATION_COLUMNS}`;

const COLUMN_NAMES = GENERATION_COLUMNS.split(', ');

/** Named parameters for `INSERT ... VALUES (:id, :prompt, ...)`, in GENERATION_COLUMNS order. */
export const GENERATION_PARAMETERS = COLUMN_NAMES.map((column) => `:${column}`).join(', ');

/** `prompt = :prompt, ...` for replacing a row's fields in place (the id stays, so seq and links stay). */
export const GENERATION_ASSIGNMENTS = COLUMN_NAMES.filter((column) => column !== 'id')
  .map((column) => `${column} = :${column}`)
  .join(', ');

/** Tags, collection memberships and sources (in send order) of one row, read from their tables. */
export interface ItemLinks {
  tags: string[];
  collectionIds: string[];
  sources: string[];
}

/** Fresh arrays each time: a shared empty array would let one item's edit leak into another's. */
export const noLinks = (): ItemLinks => ({ tags: [], collectionIds: [], sources: [] });

export function itemToRow(item: LibraryItem): Record<string, SQLInputValue> {
  return {
    id: item.id,
    prompt: item.prompt,
    title: item.title,
    aspect_ratio: item.aspectRatio,
    model: item.model,
    status: item.status,
    origin: item.origin,
    width: item.width,
    height: item.height,
    request_id: item.requestId,
    credits: item.credits,
    created_at: item.createdAt,
    file_hash: item.fileHash,
    byte_size: item.byteSize,
    mime_type: item.mimeType,
    placeholder: item.placeholder,
    source_url: item.sourceUrl,
    favorite: item.favorite ? 1 : 0,
    trashed_at: item.trashedAt,
    file_missing: item.fileMissing ? 1 : 0,
    client_request_id: item.clientRequestId,
    inference_id: item.inferenceId,
  };
}

/** The row's seq: the key the link tables use. */
export const rowSeq = (row: Record<string, SQLOutputValue>): number => Number(row.seq);

/** A row as bulk actions see it: seq for the link tables, id for the caller (sidecars, events). */
export interface ItemKey {
  seq: number;
  id: string;
}

export const toItemKey = (row: Record<string, SQLOutputValue>): ItemKey => ({ seq: Number(row.seq), id: String(row.id) });

/**
 * Seqs as one JSON parameter for `IN (SELECT value FROM json_each(?))`: a statement of fixed text
 * (prepared once) handles a selection of any size, where `IN (?, ?, …)` would need one per length.
 */
export const seqsParam = (items: readonly { seq: number }[]): string => JSON.stringify(items.map((item) => item.seq));

/** Keeps the rows of `items` whose seq is in `seqs`, in `items` order. */
export function pickBySeq<T extends { seq: number }>(items: readonly T[], seqs: Iterable<number>): T[] {
  const wanted = new Set(seqs);
  return items.filter((item) => wanted.has(item.seq));
}
