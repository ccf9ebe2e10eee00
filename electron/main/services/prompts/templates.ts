import { randomUUID } from 'node:crypto';
import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import { z } from 'zod';
import { TemplateInput, type PromptTemplate } from '../../../shared/domain';
import { appError, fail, ok, type Result } from '../../../shared/errors';

export interface PromptTemplates {
  /** Sorted by name, ignoring case and accents, with numbers in numeric order ("Shot 2" before "Shot 10"). */
  list(): PromptTemplate[];
  /**
   * Without an id: creates a template with a fresh id. With an id: updates that template; an id
   * that is not stored is `not-found-locally` (it was deleted elsewhere), never a silent create.
   * Input that fails TemplateInput is `invalid-input`.
   */
  save(input: TemplateInput, now: number): Result<PromptTemplate>;
  /** Removes the template (an unknown id is not an error: it is already gone); returns the list left. */
  delete(id: string): PromptTemplate[];
}

const COLUMNS = 'id, name, text, created_at, updated_at';

/** Validated, so a row edited by hand fails loudly here instead of as `undefined` in the renderer. */
const TemplateRow = z.object({
  id: z.string(),
  name: z.string(),
  text: z.string(),
  created_at: z.number(),
  updated_at: z.number(),
});

function rowToTemplate(row: Record<string, SQLOutputValue>): PromptTemplate {
  const parsed = TemplateRow.parse(row);
  return { id: parsed.id, name: parsed.name, text: parsed.text, createdAt: parsed.created_at, updatedAt: parsed.updated_at };
}

// Sorted in code, not SQL: COLLATE NOCASE folds ASCII only, so "émile" would land after "zoe".
const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const compareTemplates = (a: PromptTemplate, b: PromptTemplate) =>
  byName.compare(a.name, b.name) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Saved prompts ("templates") with `{variables}`; a handful per user, so the whole list is read each time. */
export function createPromptTemplates(db: DatabaseSync): PromptTemplates {
  const listStatement = db.prepare(`SELECT ${COLUMNS} FROM templates`);
  const insertStatement = db.prepare(`INSERT INTO templates (${COLUMNS}) VALUES (:id, :name, :text, :now, :now) RETURNING ${COLUMNS}`);
  // RETURNING tells "updated" from "no such id" in the same statement, with no read-then-write race.
  const updateStatement = db.prepare(`UPDATE templates SET name = :name, text = :text, updated_at = :now WHERE id = :id RETURNING ${COLUMNS}`);
  const deleteStatement = db.prepare('DELETE FROM templates WHERE id = ?');

  const list = () => listStatement.all().map(rowToTemplate).sort(compareTemplates);

  return {
    list,

    save(input, now) {
      // Parsed again although IPC parsed it: this also trims the name, and other callers exist.
      const parsed = TemplateInput.safeParse(input);
      if (!parsed.success) {
        const message = parsed.error.issues[0]?.message ?? 'That saved prompt is not valid.';
        return fail(appError('invalid-input', message));
      }
      const { id, name, text } = parsed.data;
      const at = Math.trunc(now);
      if (id === undefined) {
        const row = insertStatement.get({ id: randomUUID(), name, text, now: at });
        if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
        return ok(rowToTemplate(row));
      }
      const row = updateStatement.get({ id, name, text, now: at });
      if (row === undefined) {
        return fail(appError('not-found-locally', 'That saved prompt no longer exists; it may have been deleted. Save it as a new one.'));
      }
      return ok(rowToTemplate(row));
    },

    delete(id) {
      deleteStatement.run(id);
      return list();
    },
  };
}
