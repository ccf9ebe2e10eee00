import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES, MEDIA_BASE } from '../../electron/shared/contract';
import * as inlined from '../../electron/preload/contract-values';

// The preload inlines these so zod stays out of the sandbox; here they are held to the contract.
describe('preload contract values', () => {
  it('match the contract exactly', () => {
    expect([...inlined.CHANNEL_NAMES].sort()).toEqual([...CHANNEL_NAMES].sort());
    expect([...inlined.EVENT_NAMES].sort()).toEqual([...EVENT_NAMES].sort());
    expect(inlined.MEDIA_BASE).toBe(MEDIA_BASE);
  });

  it('recognise only contract names', () => {
    for (const name of CHANNEL_NAMES) expect(inlined.isChannelName(name)).toBe(true);
    for (const name of EVENT_NAMES) expect(inlined.isEventName(name)).toBe(true);
    for (const name of ['', 'nope', '__proto__', 'toString', 'library:item-added ', 42, null, {}]) {
      expect(inlined.isChannelName(name)).toBe(false);
      expect(inlined.isEventName(name)).toBe(false);
    }
    expect(inlined.isEventName('key:status')).toBe(false);
    expect(inlined.isChannelName('library:item-added')).toBe(false);
  });
});
