import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES, isChannelName, isEventName } from '../../electron/shared/channel-names';
import { channels } from '../../electron/shared/contract';

// The preload bundles channel-names.ts alone (no zod); the contract must give exactly these names a schema.
describe('channel names', () => {
  it('are the channels of the contract, in its order', () => {
    expect(Object.keys(channels)).toEqual([...CHANNEL_NAMES]);
  });

  it('recognise only listed names', () => {
    for (const name of CHANNEL_NAMES) expect(isChannelName(name)).toBe(true);
    for (const name of EVENT_NAMES) expect(isEventName(name)).toBe(true);
    for (const name of ['', 'nope', '__proto__', 'toString', 'library:item-added ', 42, null, {}]) {
      expect(isChannelName(name)).toBe(false);
      expect(isEventName(name)).toBe(false);
    }
    expect(isEventName('key:status')).toBe(false);
    expect(isChannelName('library:item-added')).toBe(false);
  });
});
