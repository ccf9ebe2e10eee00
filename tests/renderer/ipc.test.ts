import { describe, expect, it } from 'vitest';
import { invoke, mediaUrl, on } from '../../renderer/src/ipc';
import { makeItem } from './support/fake-data';
import { installFakeReverie } from './support/fake-reverie';

describe('ipc client', () => {
  it('builds media URLs from the bridge’s media base, by id', () => {
    installFakeReverie();
    expect(mediaUrl('0b7c3a4e-1111-4222-8333-444455556666', 'thumb')).toBe('reverie-media://library/thumb/0b7c3a4e-1111-4222-8333-444455556666');
    expect(mediaUrl('0b7c3a4e-1111-4222-8333-444455556666', 'original')).toBe('reverie-media://library/original/0b7c3a4e-1111-4222-8333-444455556666');
  });

  it('passes calls and replies through', async () => {
    const fake = installFakeReverie();
    const reply = await invoke('library:list', { limit: 5 });
    expect(reply).toEqual({ ok: true, value: { items: [], nextCursor: null, total: 0 } });
    expect(fake.calls).toEqual([{ channel: 'library:list', input: { limit: 5 } }]);
  });

  it('turns a broken bridge into an internal error instead of a rejection', async () => {
    const fake = installFakeReverie();
    fake.reply('settings:get', () => Promise.reject(new Error('channel closed')));
    const reply = await invoke('settings:get');
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('internal');
      expect(reply.error.detail).toContain('channel closed');
    }
  });

  it('subscribes and unsubscribes to events', () => {
    const fake = installFakeReverie();
    const seen: string[] = [];
    const stop = on('library:item-added', (item) => seen.push(item.prompt));
    fake.emit('library:item-added', makeItem({ prompt: 'one' }));
    stop();
    fake.emit('library:item-added', makeItem({ prompt: 'two' }));
    expect(seen).toEqual(['one']);
  });
});
