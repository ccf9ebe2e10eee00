import type { DatabaseSync } from 'node:sqlite';
import { ComposerDraft } from '../../../shared/domain';

export interface DraftStore {
  /** The saved draft, or null when there is none or it no longer fits the schema. */
  get(): ComposerDraft | null;
  /** Throws on a draft that fails ComposerDraft: callers pass parsed input, so that is a bug. */
  save(draft: ComposerDraft): void;
}

const DRAFT_KEY = 'composer-draft';

/** The composer as the user left it, kept in `app_state` as JSON so it survives a restart. */
export function createDraftStore(db: DatabaseSync): DraftStore {
  const getStatement = db.prepare('SELECT value FROM app_state WHERE key = ?');
  const putStatement = db.prepare('INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');

  return {
    get() {
      const value = getStatement.get(DRAFT_KEY)?.value;
      if (typeof value !== 'string') return null;
      // A value from an older build or edited by hand must never stop the app from starting:
      // anything unreadable is treated as "no draft", and the next save replaces it.
      let json: unknown;
      try {
        json = JSON.parse(value);
      } catch {
        return null;
      }
      const parsed = ComposerDraft.safeParse(json);
      return parsed.success ? parsed.data : null;
    },

    save(draft) {
      putStatement.run(DRAFT_KEY, JSON.stringify(ComposerDraft.parse(draft)));
    },
  };
}
