import { messageOf } from '../../../shared/errors';

/**
 * SQLite's primary result codes for a damaged file (sqlite.org/rescode.html): SQLITE_CORRUPT (11,
 * "database disk image is malformed") and SQLITE_NOTADB (26, "file is not a database"). Extended
 * codes keep the primary code in their low byte (SQLITE_CORRUPT_VTAB is 267), hence the mask.
 */
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

/** node:sqlite's errors carry SQLite's result code as `errcode` (doc: sqlite.md, "Class: SQLiteError" fields). */
function resultCodeOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('errcode' in error)) return null;
  const { errcode } = error;
  return typeof errcode === 'number' ? errcode : null;
}

/** Whether `error` says the database file itself is damaged (as opposed to locked, full, or missing). */
export function isDatabaseDamage(error: unknown): boolean {
  const code = resultCodeOf(error);
  if (code === null) return false;
  const primary = code & 0xff;
  return primary === SQLITE_CORRUPT || primary === SQLITE_NOTADB;
}

/** SQLite's own words for the damage, for a notice's "why". */
export function damageReason(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'errstr' in error && typeof error.errstr === 'string') return error.errstr;
  return messageOf(error);
}
