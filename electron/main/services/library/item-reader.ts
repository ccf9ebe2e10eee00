import type { SQLOutputValue } from 'node:sqlite';
import { regexes } from 'zod';
import { AspectRatio, ImageMimeType, ItemOrigin, ItemStatus, type LibraryItem } from '../../../shared/domain';
import { SELECT_COLUMNS, type ItemLinks } from './row';

/**
 * A `generations` row (its values in SELECT_COLUMNS order, as a page statement returns them as arrays) to a
 * LibraryItem, checked field by field against what `LibraryItem` accepts.
 *
 * Why not `LibraryItem.parse`: every page of the library maps up to 200 rows, and zod's general
 * object walk (plus reading node:sqlite's row objects by name) cost more than the page's SQL — the
 * biggest share of a search above the bare FTS5 lookup (issue 13). The rules here are LibraryItem's,
 * written out for a row; tests/unit/library-item-reader.test.ts holds them to zod's answer on every
 * field, valid and not, so a change to LibraryItem that this file misses fails there.
 *
 * A row that breaks a rule (edited by hand, or written by a buggy build) throws, naming the row and
 * the column: it fails loudly here, not in the renderer.
 */

/** Column positions in SELECT_COLUMNS, found by name so a change of that list cannot shift them. */
const SELECT_NAMES = SELECT_COLUMNS.split(', ');
function position(name: string): number {
  const index = SELECT_NAMES.indexOf(name);
  if (index < 0) throw new Error(`SELECT_COLUMNS has no ${name}.`);
  return index;
}
const Column = {
  Seq: position('seq'),
  Id: position('id'),
  Prompt: position('prompt'),
  Title: position('title'),
  AspectRatio: position('aspect_ratio'),
  Model: position('model'),
  Status: position('status'),
  Origin: position('origin'),
  Width: position('width'),
  Height: position('height'),
  RequestId: position('request_id'),
  Credits: position('credits'),
  CreatedAt: position('created_at'),
  FileHash: position('file_hash'),
  ByteSize: position('byte_size'),
  MimeType: position('mime_type'),
  Placeholder: position('placeholder'),
  SourceUrl: position('source_url'),
  Favorite: position('favorite'),
  TrashedAt: position('trashed_at'),
  FileMissing: position('file_missing'),
  ClientRequestId: position('client_request_id'),
  InferenceId: position('inference_id'),
};

const ASPECT_RATIOS: ReadonlySet<unknown> = new Set(AspectRatio.options);
const STATUSES: ReadonlySet<unknown> = new Set(ItemStatus.options);
const ORIGINS: ReadonlySet<unknown> = new Set(ItemOrigin.options);
const MIME_TYPES: ReadonlySet<unknown> = new Set(ImageMimeType.options);
/** The pattern `z.uuid()` checks (ItemId, collection ids). */
const UUID = regexes.uuid();
/** LibraryItem.fileHash and Placeholder's patterns. */
const SHA256_HEX = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const PLACEHOLDER_MAX = 48;
const CLIENT_REQUEST_ID_MAX = 128;
const INFERENCE_ID_MAX = 200;
const SOURCES_MAX = 4;

class InvalidRow extends Error {
  constructor(id: unknown, column: string) {
    super(`The library row ${typeof id === 'string' ? id : '(no id)'} has an invalid ${column}.`);
    this.name = 'InvalidLibraryRow';
  }
}

type Values = readonly (SQLOutputValue | undefined)[];

// Module-level helpers, not closures per row: a page maps 200 rows, and each closure is an allocation.
function invalid(row: Values, column: string): never {
  throw new InvalidRow(row[Column.Id], column);
}
function text(row: Values, index: number, column: string): string {
  const value = row[index];
  return typeof value === 'string' ? value : invalid(row, column);
}
function optionalText(row: Values, index: number, column: string, max = Infinity): string | null {
  const value = row[index];
  if (value === null) return null;
  return typeof value === 'string' && value.length <= max ? value : invalid(row, column);
}
/** z.int() is a safe integer; `min` is 1 for .positive(), 0 for .nonnegative(). */
function integer(row: Values, index: number, column: string, min: number): number {
  const value = row[index];
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? value : invalid(row, column);
}
function optionalInteger(row: Values, index: number, column: string, min: number): number | null {
  return row[index] === null ? null : integer(row, index, column, min);
}
function oneOf<T>(row: Values, index: number, column: string, allowed: ReadonlySet<unknown>): T {
  const value = row[index];
  return allowed.has(value) ? (value as T) : invalid(row, column);
}

export function itemFromValues(row: Values, links: ItemLinks): LibraryItem {
  const id = row[Column.Id];
  if (typeof id !== 'string' || !UUID.test(id)) invalid(row, 'id');
  const fileHash = optionalText(row, Column.FileHash, 'file_hash');
  if (fileHash !== null && !SHA256_HEX.test(fileHash)) invalid(row, 'file_hash');
  const placeholder = optionalText(row, Column.Placeholder, 'placeholder', PLACEHOLDER_MAX);
  if (placeholder !== null && !BASE64.test(placeholder)) invalid(row, 'placeholder');
  const credits = row[Column.Credits];
  // z.number() takes finite numbers only.
  if (credits !== null && !(typeof credits === 'number' && Number.isFinite(credits) && credits >= 0)) invalid(row, 'credits');
  const mimeType = row[Column.MimeType] === null ? null : oneOf<ImageMimeType>(row, Column.MimeType, 'mime_type', MIME_TYPES);
  for (const collectionId of links.collectionIds) if (!UUID.test(collectionId)) invalid(row, 'collection id');
  if (links.sources.length > SOURCES_MAX) invalid(row, 'sources');
  for (const source of links.sources) if (!UUID.test(source)) invalid(row, 'sources');

  // In LibraryItem's order, so an item written out (a sidecar) lists its fields as zod's output did.
  return {
    id: id as string,
    prompt: text(row, Column.Prompt, 'prompt'),
    title: optionalText(row, Column.Title, 'title'),
    aspectRatio: oneOf<AspectRatio>(row, Column.AspectRatio, 'aspect_ratio', ASPECT_RATIOS),
    model: text(row, Column.Model, 'model'),
    status: oneOf<ItemStatus>(row, Column.Status, 'status', STATUSES),
    origin: oneOf<ItemOrigin>(row, Column.Origin, 'origin', ORIGINS),
    width: optionalInteger(row, Column.Width, 'width', 1),
    height: optionalInteger(row, Column.Height, 'height', 1),
    requestId: optionalText(row, Column.RequestId, 'request_id'),
    credits: credits as number | null,
    createdAt: integer(row, Column.CreatedAt, 'created_at', 0),
    fileHash,
    byteSize: optionalInteger(row, Column.ByteSize, 'byte_size', 0),
    mimeType,
    placeholder,
    sourceUrl: optionalText(row, Column.SourceUrl, 'source_url'),
    favorite: row[Column.Favorite] === 1,
    tags: links.tags,
    collectionIds: links.collectionIds,
    trashedAt: optionalInteger(row, Column.TrashedAt, 'trashed_at', 0),
    fileMissing: row[Column.FileMissing] === 1,
    sources: links.sources,
    clientRequestId: optionalText(row, Column.ClientRequestId, 'client_request_id', CLIENT_REQUEST_ID_MAX),
    inferenceId: optionalText(row, Column.InferenceId, 'inference_id', INFERENCE_ID_MAX),
  };
}

/** The same for a row read as an object (by column name): the reads of one item or a few. */
export const rowToItem = (row: Record<string, SQLOutputValue>, links: ItemLinks): LibraryItem =>
  itemFromValues(
    SELECT_NAMES.map((name) => row[name]),
    links,
  );

/** The seq of a row read as values (the key the link tables use). */
export const seqOfValues = (row: readonly (SQLOutputValue | undefined)[]): number => Number(row[Column.Seq]);
