import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, type ChannelName, type Handlers } from '../../electron/shared/contract';
import type { CurrentLibrary } from '../../electron/main/services/studio/current-library';
import { guardHandlers, UNAFFECTED_BY_RELOCATION } from '../../electron/main/services/studio/guard';
import { REACHED, recordingHandlers } from './support/recording-handlers';

/** The two rules every studio handler sits behind, on handlers that only record that they were reached. */

function library(state: { relocating: boolean; damage?: (error: unknown) => boolean }) {
  return {
    relocating: () => state.relocating,
    session: () => ({ damage: { noteError: state.damage ?? (() => false) } }),
  } as unknown as CurrentLibrary;
}

const call = (handlers: Handlers, channel: ChannelName) => (handlers[channel] as (input: unknown) => Promise<unknown>)(undefined);

describe('studio guard', () => {
  it('passes every channel through while no move is under way', async () => {
    const { handlers, reached } = recordingHandlers();
    const guarded = guardHandlers(handlers, library({ relocating: false }));
    for (const channel of CHANNEL_NAMES) expect(await call(guarded, channel)).toEqual(REACHED);
    expect(reached).toEqual(CHANNEL_NAMES);
  });

  it('while the library folder is swapped, answers only the channels that do not touch the library', async () => {
    const { handlers, reached } = recordingHandlers();
    const guarded = guardHandlers(handlers, library({ relocating: true }));
    for (const channel of CHANNEL_NAMES) {
      const reply = await call(guarded, channel);
      if (UNAFFECTED_BY_RELOCATION.has(channel)) expect(reply).toEqual(REACHED);
      else expect(reply).toEqual({ ok: false, error: { code: 'invalid-input', message: 'The library is being moved; try again in a moment.' } });
    }
    expect(reached).toEqual(CHANNEL_NAMES.filter((channel) => UNAFFECTED_BY_RELOCATION.has(channel)));
    expect([...UNAFFECTED_BY_RELOCATION].sort()).toEqual(
      [
        'key:status',
        'key:save',
        'key:remove',
        'key:test',
        'settings:get',
        'network:status',
        'network:check',
        'shell:open-link',
        'notices:list',
        'notices:dismiss',
        'notices:reveal',
      ].sort(),
    );
  });

  it('answers damage met by a handler with the way out, and lets any other throw through to the dispatcher', async () => {
    const damage = new Error('database disk image is malformed');
    const other = new Error('a bug');
    const { handlers } = recordingHandlers(async (channel) => {
      throw channel === 'library:list' ? damage : other;
    });
    const guarded = guardHandlers(handlers, library({ relocating: false, damage: (error) => error === damage }));
    expect(await call(guarded, 'library:list')).toMatchObject({
      ok: false,
      error: { code: 'storage', message: expect.stringContaining('Rebuild the library') },
    });
    await expect(call(guarded, 'library:get')).rejects.toBe(other);
  });

  it('catches a handler that throws before returning its promise, too', async () => {
    const damage = new Error('database disk image is malformed');
    const handlers = {
      ...recordingHandlers().handlers,
      'tags:list': () => {
        throw damage;
      },
    } as unknown as Handlers;
    const guarded = guardHandlers(handlers, library({ relocating: false, damage: (error) => error === damage }));
    expect(await call(guarded, 'tags:list')).toMatchObject({ ok: false, error: { code: 'storage' } });
  });
});
