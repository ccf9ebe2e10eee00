import type { SQLInputValue, SQLOutputValue } from 'node:sqlite';
import { LibraryItem } from '../../shared/domain';

/** The one place that knows how a LibraryItem maps onto a `generations` row, in both directions. */

export const GENERATION_COLUMNS =
  'id, prompt, aspect_ratio, model, width, height, request_id, credits, created_at, file_hash, byte_size, mime_type, source_url';

/** Named parameters for `INSERT ... VALUES (:id, :prompt, ...)`, in GENERATION_COLUMNS order. */
export const GENERATION_PARAMETERS = GENERATION_COLUMNS.split(', ')
  .map((column) => `:${column}`)
  .join(', ');

export function itemToRow(item: LibraryItem): Record<string, SQLInputValue> {
  return {
    id: item.id,
    prompt: item.prompt,
    aspect_ratio: item.aspectRatio,
    model: item.model,
    width: item.width,
    height: item.height,
    request_id: item.requestId,
    credits: item.credits,
    created_at: item.createdAt,
    file_hash: item.fileHash,
    byte_size: item.byteSize,
    mime_type: item.mimeType,
    source_url: item.sourceUrl,
  };
}

/** Validated, so a row edited by hand or by a buggy build fails loudly here, not in the renderer. */
export function rowToItem(row: Record<string, SQLOutputValue>): LibraryItem {
  return LibraryItem.parse({
    id: row.id,
    prompt: row.prompt,
    aspectRatio: row.aspect_ratio,
    model: row.model,
    width: row.width,
    height: row.height,
    requestId: row.request_id,
    credits: row.credits,
    createdAt: row.created_at,
    fileHash: row.file_hash,
    byteSize: row.byte_size,
    mimeType: row.mime_type,
    sourceUrl: row.source_url,
  });
}
