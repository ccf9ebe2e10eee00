import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPromptTemplates } from '../../electron/main/services/prompts/templates';
import type { PromptTemplate } from '../../electron/shared/domain';
import type { Result } from '../../electron/shared/errors';
import { useTempDatabaseWith } from './support/library-fixtures';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The value of an ok result; fails the test with the error's message otherwise. */
function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('prompt templates', () => {
  const { setup, openAt } = useTempDatabaseWith('templates', createPromptTemplates);
  const names = (list: PromptTemplate[]) => list.map((template) => template.name);

  it('starts empty', async () => {
    const { templates } = await setup();
    expect(templates.list()).toEqual([]);
  });

  it('creates a template with a fresh id and both timestamps', async () => {
    const { templates } = await setup();
    const saved = unwrap(templates.save({ name: 'Portrait', text: 'a portrait of {subject}, {style}' }, 1_000));
    expect(saved).toEqual({ id: expect.stringMatching(UUID), name: 'Portrait', text: 'a portrait of {subject}, {style}', createdAt: 1_000, updatedAt: 1_000 });
    expect(templates.list()).toEqual([saved]);
    const other = unwrap(templates.save({ name: 'Portrait', text: 'same name, another template' }, 2_000));
    expect(other.id).not.toBe(saved.id);
    expect(templates.list()).toHaveLength(2);
  });

  it('trims the name', async () => {
    const { templates } = await setup();
    expect(unwrap(templates.save({ name: '  Landscape  ', text: 'hills' }, 1)).name).toBe('Landscape');
  });

  it('updates by id, keeping createdAt', async () => {
    const { templates } = await setup();
    const created = unwrap(templates.save({ name: 'Draft', text: 'old text' }, 1_000));
    const updated = unwrap(templates.save({ id: created.id, name: 'Final', text: 'new text' }, 5_000));
    expect(updated).toEqual({ id: created.id, name: 'Final', text: 'new text', createdAt: 1_000, updatedAt: 5_000 });
    expect(templates.list()).toEqual([updated]);
  });

  it('refuses to update an id that is not stored, and creates nothing', async () => {
    const { templates } = await setup();
    const kept = unwrap(templates.save({ name: 'Kept', text: 'kept' }, 1));
    const result = templates.save({ id: randomUUID(), name: 'Ghost', text: 'boo' }, 2);
    expect(result).toEqual({ ok: false, error: { code: 'not-found-locally', message: expect.stringMatching(/no longer exists/) } });
    expect(templates.list()).toEqual([kept]);
  });

  it('refuses an update to a deleted template', async () => {
    const { templates } = await setup();
    const gone = unwrap(templates.save({ name: 'Gone', text: 'soon' }, 1));
    templates.delete(gone.id);
    const result = templates.save({ id: gone.id, name: 'Gone', text: 'back?' }, 2);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('not-found-locally');
    expect(templates.list()).toEqual([]);
  });

  it('returns invalid-input for input that fails the schema', async () => {
    const { templates } = await setup();
    const cases: unknown[] = [
      { name: '   ', text: 'no name' },
      { name: 'No text', text: '   ' },
      { name: 'x'.repeat(101), text: 'long name' },
      { name: 'Too long', text: 'x'.repeat(2561) },
      { id: 'not-a-uuid', name: 'Bad id', text: 'text' },
      { name: 'Extra', text: 'text', extra: true },
    ];
    for (const input of cases) {
      const result = templates.save(input as never, 1);
      expect(result.ok, JSON.stringify(input).slice(0, 60)).toBe(false);
      expect(!result.ok && result.error.code).toBe('invalid-input');
    }
    const blank = templates.save({ name: ' ', text: 'text' }, 1);
    expect(!blank.ok && blank.error.message).toBe('Give the saved prompt a name.');
    expect(templates.list()).toEqual([]);
  });

  it('lists by name ignoring case and accents, numbers in numeric order', async () => {
    const { templates } = await setup();
    for (const name of ['zebra', 'Shot 10', 'Émile', 'apple', 'Banana', 'Shot 2', 'eagle']) {
      unwrap(templates.save({ name, text: `text for ${name}` }, 1));
    }
    expect(names(templates.list())).toEqual(['apple', 'Banana', 'eagle', 'Émile', 'Shot 2', 'Shot 10', 'zebra']);
  });

  it('orders equal names by when they were created', async () => {
    const { templates } = await setup();
    const later = unwrap(templates.save({ name: 'Same', text: 'later' }, 2));
    const earlier = unwrap(templates.save({ name: 'same', text: 'earlier' }, 1));
    expect(templates.list().map((template) => template.id)).toEqual([earlier.id, later.id]);
  });

  it('deletes by id and returns what is left; an unknown id changes nothing', async () => {
    const { templates } = await setup();
    const a = unwrap(templates.save({ name: 'A', text: 'a' }, 1));
    const b = unwrap(templates.save({ name: 'B', text: 'b' }, 1));
    expect(templates.delete(a.id)).toEqual([b]);
    expect(templates.delete(randomUUID())).toEqual([b]);
    expect(templates.delete(a.id)).toEqual([b]);
    expect(templates.list()).toEqual([b]);
  });

  it('keeps templates across a restart', async () => {
    const { db, path, templates } = await setup();
    const saved = unwrap(templates.save({ name: 'Durable', text: '{thing} in amber' }, 7));
    db.close();
    expect(createPromptTemplates(openAt(path)).list()).toEqual([saved]);
  });

  it('fails loudly on a row in the wrong shape instead of handing the renderer undefined', async () => {
    const { db } = await setup();
    // STRICT and NOT NULL keep such rows out of the real table; a table rebuilt by hand has neither.
    db.exec('DROP TABLE templates; CREATE TABLE templates (id TEXT, name TEXT, text TEXT, created_at INTEGER, updated_at INTEGER)');
    db.prepare('INSERT INTO templates VALUES (?, NULL, ?, 1, 1)').run(randomUUID(), 'text');
    expect(() => createPromptTemplates(db).list()).toThrow();
  });
});
