import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { HistoryQuery, PromptHistoryEntry } from '../../../shared/domain';
import { toFtsQuery } from '../library/fts-query';
import { runInTransaction } from '../library/transaction';

export interface PromptHistory {
  record(text: string, at: number): void;
  list(query: HistoryQuery): PromptHistoryEntry[];
}

/**
 * How many distinct prompts the history keeps: the newest by last use. Years of daily use stay well
 * under it, so in practice it only stops a runaway (a script, a stuck key) from growing the database
 * and the search without end.
 */
export const PROMPT_HISTORY_CAP = 5_000;

function rowToEntry(row: Record<string, SQLOutputValue>): PromptHistoryEntry {
  return { text: String(row.text), lastUsedAt: Number(row.last_used_at), useCount: Number(row.use_count) };
}

/** Prompts the user has sent, one row per distinct text, searchable as they type. */
export function createPromptHistory(db: DatabaseSync, cap: number = PROMPT_HISTORY_CAP): PromptHistory {
  // max(): a late write with an older timestamp must not move a prompt back down the list.
  const upsertStatement = db.prepare(
    `INSERT INTO prompt_history (text, last_used_at, use_count) VALUES (?, ?, 1)
     ON CONFLICT (text) DO UPDATE SET
       use_count = use_count + 1,
       last_used_at = max(last_used_at, excluded.last_used_at)`,
  );
  // count(*) counts the index b-tree's cells page by page without reading rows: cheap on every record.
  const countStatement = db.prepare('SELECT count(*) AS n FROM prompt_history');
  // Everything past the newest `cap`, in the order the list shows (so what is dropped is what the
  // user would reach last). Checked on every record, so an older, larger history shrinks on first use.
  const pruneStatement = db.prepare(
    `DELETE FROM prompt_history WHERE seq IN (
       SELECT seq FROM prompt_history ORDER BY last_used_at DESC, seq DESC LIMIT -1 OFFSET ?)`,
  );
  // seq breaks ties between prompts used in the same millisecond: the later insert is newer.
  const recentStatement = db.prepare('SELECT text, last_used_at, use_count FROM prompt_history ORDER BY last_used_at DESC, seq DESC LIMIT ?');
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
      runInTransaction(db, () => {
        upsertStatement.run(text, Math.trunc(at));
        if (Number(countStatement.get()?.n) > cap) pruneStatement.run(cap);
      });
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
