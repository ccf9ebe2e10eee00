import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { HistoryQuery, PromptHistoryEntry } from '../../shared/domain';

export interface PromptHistory {
  record(text: string, at: number): void;
  list(query: HistoryQuery): PromptHistoryEntry[];
}

/** A word the FTS tokenizer (unicode61) would index: it holds at least one letter or digit. */
const SEARCHABLE = /[\p{L}\p{N}]/u;

/**
 * The user's words as an FTS5 query that cannot be a syntax error: each word becomes a quoted
 * string (inner `"` doubled), so `*`, `-`, `:`, `(` and `NEAR` are plain text, and a trailing `*`
 * makes it a prefix term so results follow the typing. Words are ANDed. Returns null when no word
 * has anything the index holds (only emoji or punctuation).
 */
export function toFtsQuery(input: string): string | null {
  const words = input.split(/\s+/u).filter((word) => SEARCHABLE.test(word));
  if (words.length === 0) return null;
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}

function rowToEntry(row: Record<string, SQLOutputValue>): PromptHistoryEntry {
  return { text: String(row.text), lastUsedAt: Number(row.last_used_at), useCount: Number(row.use_count) };
}

/** Prompts the user has sent, one row per distinct text, searchable as they type. */
export function createPromptHistory(db: DatabaseSync): PromptHistory {
  // max(): a late write with an older timestamp must not move a prompt back down the list.
  const upsertStatement = db.prepare(
    `INSERT INTO prompt_history (text, last_used_at, use_count) VALUES (?, ?, 1)
     ON CONFLICT (text) DO UPDATE SET
       use_count = use_count + 1,
       last_used_at = max(last_used_at, excluded.last_used_at)`,
  );
  // seq breaks ties between prompts used in the same millisecond: the later insert is newer.
  const recentStatement = db.prepare(
    'SELECT text, last_used_at, use_count FROM prompt_history ORDER BY last_used_at DESC, seq DESC LIMIT ?',
  );
  const searchStatement = db.prepare(
    `SELECT text, last_used_at, use_count FROM prompt_history
     WHERE seq IN (SELECT rowid FROM prompt_history_fts WHERE prompt_history_fts MATCH ?)
     ORDER BY last_used_at DESC, seq DESC LIMIT ?`,
  );
  // The index drops emoji and symbols, so a search made only of them falls back to a substring
  // scan; such searches are rare and the history is small.
  const substringStatement = db.prepare(
    `SELECT text, last_used_at, use_count FROM prompt_history
     WHERE instr(text, ?) > 0
     ORDER BY last_used_at DESC, seq DESC LIMIT ?`,
  );

  return {
    record(text, at) {
      // An empty prompt is never sent, so it is nothing to come back to.
      if (text.trim().length === 0 || !Number.isFinite(at)) return;
      upsertStatement.run(text, Math.trunc(at));
    },

    list({ query, limit }) {
      const trimmed = query.trim();
      if (trimmed.length === 0) return recentStatement.all(limit).map(rowToEntry);
      const ftsQuery = toFtsQuery(trimmed);
      const rows = ftsQuery === null ? substringStatement.all(trimmed, limit) : searchStatement.all(ftsQuery, limit);
      return rows.map(rowToEntry);
    },
  };
}
