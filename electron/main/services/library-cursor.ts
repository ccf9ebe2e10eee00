import { z } from 'zod';
import { ItemId } from '../../shared/domain';

/** Where a newest-first page ended: the next page starts strictly after this (createdAt, id). */
export interface PagePosition {
  createdAt: number;
  id: string;
}

const CursorTuple = z.tuple([z.int().nonnegative(), ItemId]);

/**
 * Opaque to the renderer on purpose: it hands the cursor back unchanged, so the key can grow
 * (e.g. a sort order) without a contract change.
 */
export function encodeCursor({ createdAt, id }: PagePosition): string {
  return Buffer.from(JSON.stringify([createdAt, id]), 'utf8').toString('base64url');
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
  return parsed.success ? { createdAt: parsed.data[0], id: parsed.data[1] } : null;
}
