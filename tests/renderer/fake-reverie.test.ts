import { describe, expect, it } from 'vitest';
import { INTERNAL_ERROR_MESSAGE } from '../../electron/main/ipc/dispatch';
import { makeItem } from './support/fake-data';
import { installFakeReverie } from './support/fake-reverie';

/** The fake bridge refuses what the preload and main's dispatcher refuse, the way they do. */
describe('fake window.reverie', () => {
  it('answers input the contract refuses with invalid-input, as main’s dispatcher does', async () => {
    const fake = installFakeReverie({ library: [makeItem()] });
    const reply = await fake.invoke('library:list', { limit: 0 });
    expect(reply).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid-input' }) });
    expect(await fake.invoke('library:get', { id: 'not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    // Extra keys too: every input schema is strict.
    const extra = { query: {}, limit: 5, path: '/etc' } as unknown as { limit: number };
    expect(await fake.invoke('library:list', extra)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('refuses a channel outside the contract before anything is sent, as the preload does', async () => {
    const fake = installFakeReverie();
    const invokeAny = fake.invoke.bind(fake) as (channel: string, input?: unknown) => Promise<unknown>;
    await expect(invokeAny('library:delete-everything')).rejects.toThrow('Unknown Reverie channel.');
    expect(fake.calls).toEqual([]);
    expect(() => fake.on('library:gone' as 'library:changed', () => undefined)).toThrow('Unknown Reverie event.');
  });

  it('refuses what IPC cannot clone', async () => {
    const fake = installFakeReverie();
    const input = { prefix: 'sun', limit: 5, then: () => undefined } as unknown as { prefix: string };
    await expect(fake.invoke('tags:list', input)).rejects.toThrow();
  });

  it('gives the page copies: changing a reply does not change main’s records', async () => {
    const item = makeItem({ tags: ['kept'] });
    const fake = installFakeReverie({ library: [item] });
    const reply = await fake.invoke('library:get', { id: item.id });
    if (!reply.ok) throw new Error(reply.error.message);
    reply.value.tags.push('changed by the page');
    expect(fake.library[0]?.tags).toEqual(['kept']);
  });

  it('answers a handler that throws with main’s internal error, and records it as a bug', async () => {
    const fake = installFakeReverie();
    fake.library = null as unknown as typeof fake.library;
    expect(await fake.invoke('library:get', { id: '00000000-0000-4000-8000-000000000001' })).toEqual({
      ok: false,
      error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE },
    });
    expect(fake.handlerBugs.map((bug) => bug.channel)).toEqual(['library:get']);
    // setup.ts would fail the test on it: this one threw on purpose.
    fake.handlerBugs.length = 0;
  });

  it('organizes as main does: only what changes counts, main’s Undo label, and one Undo', async () => {
    const trips = { id: '00000000-0000-4000-8000-00000000c0a1', name: 'Trips', createdAt: 1 };
    const [inIt, outOfIt] = [makeItem({ collectionIds: [trips.id] }), makeItem()];
    const fake = installFakeReverie({ library: [inIt!, outOfIt!], collections: [trips] });
    const ids = [inIt!.id, outOfIt!.id];

    expect(await fake.invoke('collections:add', { collectionId: trips.id, selection: { ids } })).toEqual({
      ok: true,
      value: { changed: 1, undoLabel: 'Added 1 image to “Trips”' },
    });
    expect(await fake.invoke('collections:remove', { collectionId: trips.id, selection: { ids } })).toEqual({
      ok: true,
      value: { changed: 2, undoLabel: 'Removed 2 images from “Trips”' },
    });
    expect(fake.library.map((item) => item.collectionIds)).toEqual([[], []]);

    expect(await fake.invoke('library:undo')).toEqual({ ok: true, value: { changed: 2, undoLabel: null } });
    expect(fake.library.map((item) => item.collectionIds)).toEqual([[trips.id], [trips.id]]);
    expect(await fake.invoke('library:undo')).toEqual({ ok: true, value: { changed: 0, undoLabel: null } });
  });
});
