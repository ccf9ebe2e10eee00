import { z } from 'zod';
import { ItemId } from '../../../shared/domain';

/**
 * The orderings a page can follow. The library sorts by creation time, the trash by the time of
 * deletion; both break ties by id so that equal timestamps still have one fixed order.
 */
export const PAGE_ORDERS = ['created-desc', 'created-asc', 'trashed-desc', 'trashed-asc'] as const;
export type PageOrder = (typeof PAGE_ORDERS)[number];

/** Where a page ended: the next page starts strictly after (key, id) in `order`. */
export interface PagePosition {
  order: PageOrder;
  /** The sort column's value on the last row (createdAt or trashedAt). */
  key: number;
  id: string;
}

const CursorTuple = z.tuple([z.enum(PAGE_ORDERS), z.int().nonnegative(), ItemId]);

/**
 * Opaque to the renderer on purpose: it hands the cursor back unchanged. The ordering is part of it,
 * so a cursor from a newest-first page is refused on an oldest-first one instead of silently
 * starting in the wrong place.
 */
export function encodeCursor({ order, key, id }: PagePosition): string {
  return Buffer.from(JSON.stringify([order, key, id]), 'utf8').toString('base64url');
}

/** null for anything this code did not produce: cursors come over IPC and are untrusted. */
export function decodeCursor(cursor: string): PagePosition | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = CursorTuple.safeParse(json);
  return parsed.success ? { order: parsed.data[0], key: parsed.data[1], id: parsed.data[2] } : null;
}
