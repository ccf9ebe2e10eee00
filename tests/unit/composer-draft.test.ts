import type { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { createDraftStore } from '../../electron/main/services/prompts/draft';
import type { ComposerDraft } from '../../electron/shared/domain';
import { useTempDatabaseWith } from './support/library-fixtures';

const draft = (overrides: Partial<ComposerDraft> = {}): ComposerDraft => ({
  prompt: 'a lighthouse at dusk, {style}',
  aspectRatios: ['3:2', '1:1'],
  count: 2,
  delivery: 'url',
  outputFormat: null,
  references: [],
  mode: null,
  ...overrides,
});

describe('composer draft', () => {
  const { setup, openAt } = useTempDatabaseWith('drafts', createDraftStore);
  const storeRaw = (db: DatabaseSync, value: string) => db.prepare("INSERT OR REPLACE INTO app_state (key, value) VALUES ('composer-draft', ?)").run(value);

  it('has no draft at first', async () => {
    const { drafts } = await setup();
    expect(drafts.get()).toBeNull();
  });

  it('gives back exactly what was saved, and the latest save wins', async () => {
    const { drafts } = await setup();
    drafts.save(draft());
    expect(drafts.get()).toEqual(draft());
    const next = draft({ prompt: 'x'.repeat(5000), aspectRatios: ['16:9'], count: 8, delivery: 'base64', outputFormat: 'webp' });
    drafts.save(next);
    expect(drafts.get()).toEqual(next);
  });

  it('keeps a prompt over the API limit and an empty one: a draft never loses text', async () => {
    const { drafts } = await setup();
    drafts.save(draft({ prompt: 'é'.repeat(3000) }));
    expect(drafts.get()?.prompt).toBe('é'.repeat(3000));
    drafts.save(draft({ prompt: '' }));
    expect(drafts.get()?.prompt).toBe('');
  });

  it('keeps the draft across a restart', async () => {
    const { db, path, drafts } = await setup();
    drafts.save(draft({ prompt: 'survives a restart' }));
    db.close();
    expect(createDraftStore(openAt(path)).get()).toEqual(draft({ prompt: 'survives a restart' }));
  });

  it('returns null for a stored value that is not JSON or not a draft', async () => {
    const { db, drafts } = await setup();
    const unreadable = [
      '',
      '{',
      'null',
      '42',
      '"a string"',
      '[]',
      '{}',
      JSON.stringify({ ...draft(), aspectRatios: ['5:4'] }),
      JSON.stringify({ ...draft(), aspectRatios: [] }),
      JSON.stringify({ ...draft(), aspectRatios: ['1:1', '1:1'] }),
      JSON.stringify({ ...draft(), count: 0 }),
      JSON.stringify({ ...draft(), count: 2.5 }),
      JSON.stringify({ ...draft(), delivery: 'carrier-pigeon' }),
      JSON.stringify({ ...draft(), outputFormat: 'gif' }),
      JSON.stringify({ ...draft(), prompt: 7 }),
      // From an older or newer build: an unknown field is not silently carried along.
      JSON.stringify({ ...draft(), negativePrompt: 'blurry' }),
      JSON.stringify({ prompt: 'only a prompt' }),
    ];
    for (const value of unreadable) {
      storeRaw(db, value);
      expect(drafts.get(), value.slice(0, 60)).toBeNull();
    }
  });

  it('replaces an unreadable value on the next save', async () => {
    const { db, drafts } = await setup();
    storeRaw(db, '{not json');
    drafts.save(draft());
    expect(drafts.get()).toEqual(draft());
  });

  it('refuses to store a draft that fails the schema, keeping the last good one', async () => {
    const { drafts } = await setup();
    drafts.save(draft());
    expect(() => drafts.save(draft({ count: 99 }))).toThrow();
    expect(() => drafts.save({ ...draft(), extra: 1 } as ComposerDraft)).toThrow();
    expect(drafts.get()).toEqual(draft());
  });
});
