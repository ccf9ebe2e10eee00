import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, type ChannelName, type Handlers } from '../../electron/shared/contract';
import { ok, type Result } from '../../electron/shared/errors';
import { LibraryPageInput } from '../../electron/shared/domain';
import { createDispatcher, INTERNAL_ERROR_MESSAGE } from '../../electron/main/ipc/dispatch';

type Fake = (input: unknown) => Promise<unknown>;

/** Handlers that record what reached them; a channel answers ok(null) unless overridden. */
function setup(overrides: Partial<Record<ChannelName, Fake>> = {}) {
  const calls: Array<{ channel: ChannelName; input: unknown }> = [];
  const handlers = Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [
      channel,
      async (input: unknown) => {
        calls.push({ channel, input });
        const override = overrides[channel];
        return override ? override(input) : ok(null);
      },
    ]),
  ) as unknown as Handlers;
  const reportBug = vi.fn();
  return { dispatch: createDispatcher(handlers, reportBug), calls, reportBug };
}

const errorOf = (result: Result<unknown>) => {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result.error;
};

const VALID_GENERATE = { prompt: 'a lighthouse in fog', aspectRatios: ['3:2'], count: 1 };

describe('createDispatcher: valid calls', () => {
  it('passes parsed input (defaults applied, strings trimmed) to the handler and returns its reply', async () => {
    const { dispatch, calls } = setup({ 'library:list': async () => ok({ items: [], nextCursor: null, total: 0 }) });
    expect(await dispatch('library:list', {})).toEqual(ok({ items: [], nextCursor: null, total: 0 }));
    await dispatch('key:save', { key: '  sk-test-0123456789  ' });
    expect(calls).toEqual([
      { channel: 'library:list', input: LibraryPageInput.parse({}) },
      { channel: 'key:save', input: { key: 'sk-test-0123456789', sessionOnly: false } },
    ]);
  });

  it('accepts no input on channels without one', async () => {
    const { dispatch, calls } = setup();
    expect(await dispatch('key:status', undefined)).toEqual(ok(null));
    expect(calls).toHaveLength(1);
  });

  it('passes expected failures through unchanged', async () => {
    const failure = { ok: false, error: { code: 'no-key', message: 'Add your API key first.' } };
    const { dispatch, reportBug } = setup({ 'generate:enqueue': async () => failure });
    expect(await dispatch('generate:enqueue', VALID_GENERATE)).toEqual(failure);
    expect(reportBug).not.toHaveBeenCalled();
  });
});

describe('createDispatcher: unknown channels', () => {
  it.each(['nope', '', 'key:status ', 'KEY:STATUS', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'refuses %j without calling anything',
    async (channel) => {
      const { dispatch, calls } = setup();
      expect(errorOf(await dispatch(channel, undefined))).toEqual({ code: 'invalid-input', message: 'Unknown request.' });
      expect(calls).toHaveLength(0);
    },
  );

  it('refuses a channel name that is not a string', async () => {
    const { dispatch, calls } = setup();
    for (const channel of [42, null, undefined, {}, ['key:status']]) {
      expect(errorOf(await dispatch(channel as unknown as string, undefined)).code).toBe('invalid-input');
    }
    expect(calls).toHaveLength(0);
  });
});

describe('createDispatcher: hostile input', () => {
  it.each([
    ['a number', 42],
    ['null', null],
    ['a string', 'sk-test-0123456789'],
    ['an array', ['sk-test-0123456789']],
    ['a wrongly typed field', { key: 1234567890 }],
    ['a boolean as string', { key: 'sk-test-0123456789', sessionOnly: 'true' }],
  ])('refuses %s for key:save with the first zod message', async (_label, input) => {
    const { dispatch, calls } = setup();
    const error = errorOf(await dispatch('key:save', input));
    expect(error.code).toBe('invalid-input');
    expect(error.message.length).toBeGreaterThan(0);
    expect(calls).toHaveLength(0);
  });

  it('uses the schema’s own words', async () => {
    const { dispatch } = setup();
    expect(errorOf(await dispatch('key:save', { key: 'short' })).message).toBe('That key is too short to be an AI/ML API key.');
    expect(errorOf(await dispatch('generate:enqueue', { prompt: '   ', aspectRatios: ['1:1'], count: 1 })).message).toBe('Write a prompt first.');
  });

  it('refuses extra keys', async () => {
    const { dispatch, calls } = setup();
    expect(errorOf(await dispatch('generate:enqueue', { ...VALID_GENERATE, model: 'something-else' })).code).toBe('invalid-input');
    expect(errorOf(await dispatch('key:save', { key: 'sk-test-0123456789', path: '/etc/passwd' })).code).toBe('invalid-input');
    expect(errorOf(await dispatch('settings:update', { apiBaseUrl: null, extra: true })).code).toBe('invalid-input');
    expect(calls).toHaveLength(0);
  });

  it('refuses input on channels that take none', async () => {
    const { dispatch, calls } = setup();
    for (const input of [{}, null, 0, '', []]) {
      expect(errorOf(await dispatch('key:remove', input)).code).toBe('invalid-input');
    }
    expect(calls).toHaveLength(0);
  });

  it('refuses huge strings without echoing them back', async () => {
    const { dispatch, calls } = setup();
    const huge = 'x'.repeat(5_000_000);
    const prompt = errorOf(await dispatch('generate:enqueue', { prompt: huge, aspectRatios: ['1:1'], count: 1 }));
    expect(prompt.message).toBe('A prompt can be at most 2560 characters.');
    const key = errorOf(await dispatch('key:save', { key: huge }));
    expect(key.message).toBe('That key is too long to be an AI/ML API key.');
    const keyName = errorOf(await dispatch('generate:enqueue', { ...VALID_GENERATE, [huge]: 1 }));
    expect(keyName.code).toBe('invalid-input');
    expect(keyName.message.length).toBeLessThanOrEqual(301);
    expect(calls).toHaveLength(0);
  });

  it('refuses prototype-pollution shapes and leaves Object.prototype alone', async () => {
    const { dispatch, calls } = setup();
    const shapes = [
      JSON.parse('{"__proto__": {"polluted": true}, "prompt": "hi", "aspectRatios": ["1:1"], "count": 1}'),
      JSON.parse('{"constructor": {"prototype": {"polluted": true}}, "prompt": "hi", "aspectRatios": ["1:1"], "count": 1}'),
      JSON.parse('{"__proto__": {"polluted": true}}'),
    ];
    for (const input of shapes) {
      expect(errorOf(await dispatch('generate:enqueue', input)).code).toBe('invalid-input');
      expect(errorOf(await dispatch('library:list', input)).code).toBe('invalid-input');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(calls).toHaveLength(0);
  });

  it('answers input that throws while being read with invalid-input, not a crash', async () => {
    const { dispatch, calls } = setup();
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
        ownKeys: () => {
          throw new Error('trap');
        },
        getPrototypeOf: () => {
          throw new Error('trap');
        },
      },
    );
    const getter = Object.defineProperty({ aspectRatios: ['1:1'], count: 1 }, 'prompt', {
      enumerable: true,
      get: () => {
        throw new Error('getter');
      },
    });
    for (const input of [trap, getter]) {
      const error = errorOf(await dispatch('generate:enqueue', input));
      expect(error.code).toBe('invalid-input');
      expect(error.message).not.toMatch(/trap|getter/);
    }
    expect(calls).toHaveLength(0);
  });
});

describe('createDispatcher: payload shapes the schema must not read', () => {
  const id = '00000000-0000-4000-8000-000000000000';

  it('refuses binary data anywhere but a dropped file’s bytes, before zod lists its indices as keys', async () => {
    const { dispatch, calls } = setup();
    const megabyte = new Uint8Array(2 ** 20);
    for (const [channel, input] of [
      ['library:list', megabyte],
      ['settings:update', { apiBaseUrl: megabyte }],
      ['library:trash', { selection: megabyte }],
      ['library:import', { files: megabyte }],
      ['library:import', { files: [{ name: 'a.png', bytes: new Uint8Array(4), extra: new ArrayBuffer(8) }] }],
      ['key:save', new DataView(new ArrayBuffer(8))],
    ] as const) {
      expect(errorOf(await dispatch(channel, input)), channel).toEqual({
        code: 'invalid-input',
        message: 'That request carries binary data where none belongs.',
      });
    }
    expect(calls).toHaveLength(0);
    await dispatch('library:import', { files: [{ name: 'a.png', bytes: new Uint8Array(4) }] });
    expect(calls).toHaveLength(1);
  });

  it('refuses a Map, Set, Date, RegExp or Error, which zod would read as an empty object', async () => {
    const { dispatch, calls } = setup();
    for (const input of [new Map([['apiBaseUrl', null]]), new Set(), new Date(0), /x/, new Error('x'), { selection: { ids: new Set([id]) } }]) {
      expect(errorOf(await dispatch('settings:update', input)).message).toBe('That request is not in a form Reverie sends.');
    }
    expect(calls).toHaveLength(0);
  });

  it('refuses nesting deeper than any input of the contract, even 10,000 levels, without overflowing the stack', async () => {
    const { dispatch, calls } = setup();
    let deep: unknown = id;
    for (let level = 0; level < 10_000; level++) deep = { selection: deep };
    expect(errorOf(await dispatch('library:trash', deep)).message).toBe('That request is nested too deeply.');
    let arrays: unknown = [];
    for (let level = 0; level < 10_000; level++) arrays = [arrays];
    expect(errorOf(await dispatch('drag:start', { ids: arrays })).message).toBe('That request is nested too deeply.');
    expect(calls).toHaveLength(0);
    // The deepest real input still passes.
    await dispatch('export:start', { selection: { query: { tags: ['a'], aspectRatios: ['1:1'] }, except: [id] }, options: {} });
    expect(calls).toHaveLength(1);
  });
});

describe('createDispatcher: bugs', () => {
  const SECRET = 'sk-live-SECRET-9f8e7d6c';

  it('turns a thrown error into `internal` without leaking its text or stack', async () => {
    const boom = new Error(`request to /home/ana/.reverie failed with key ${SECRET}`);
    const { dispatch, reportBug } = setup({
      'generate:enqueue': async () => {
        throw boom;
      },
    });
    const result = await dispatch('generate:enqueue', VALID_GENERATE);
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } });
    const wire = JSON.stringify(result);
    expect(wire).not.toContain(SECRET);
    expect(wire).not.toContain('/home/ana');
    expect(wire).not.toContain('at ');
    expect(reportBug).toHaveBeenCalledWith('generate:enqueue', boom);
  });

  it('treats a rejected non-Error and a malformed reply as bugs too', async () => {
    const { dispatch, reportBug } = setup({
      'key:status': () => Promise.reject(SECRET),
      'settings:get': async () => undefined,
      'library:list': async () => ({ items: [] }),
      'key:remove': async () => ({ ok: true }),
    });
    for (const channel of ['key:status', 'settings:get', 'library:list', 'key:remove'] as const) {
      const result = await dispatch(channel, channel === 'library:list' ? {} : undefined);
      expect(result).toEqual({ ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } });
      expect(JSON.stringify(result)).not.toContain(SECRET);
    }
    expect(reportBug).toHaveBeenCalledTimes(4);
  });

  it('turns a synchronous throw into `internal` as well', async () => {
    const { dispatch } = setup({
      'key:status': () => {
        throw new TypeError('not async');
      },
    });
    expect(errorOf(await dispatch('key:status', undefined)).code).toBe('internal');
  });
});

describe('createDispatcher: no raw paths from the page', () => {
  it('refuses a path smuggled into any call that touches files: main picks folders and files itself', async () => {
    const reached = vi.fn(async () => ok(null));
    const dispatch = createDispatcher(Object.fromEntries(CHANNEL_NAMES.map((channel) => [channel, reached])) as unknown as Handlers);
    const id = '00000000-0000-4000-8000-000000000000';
    const smuggled: Array<[string, unknown]> = [
      ['export:start', { selection: { ids: [id] }, options: {}, destination: '/etc' }],
      ['export:start', { selection: { ids: [id] }, options: { namingTemplate: '{prompt}', path: '/tmp/out' } }],
      ['drag:start', { ids: [id], files: ['/etc/passwd'] }],
      ['drag:start', { ids: ['/etc/passwd'] }],
      ['drag:prepare', { ids: [id], files: ['/etc/passwd'] }],
      ['drag:prepare', { ids: ['/etc/passwd'] }],
      ['drag:prepare', { ids: Array.from({ length: 101 }, () => id) }],
      ['clipboard:copy', { id: '../../../etc/passwd', what: 'image' }],
      ['library:move', { to: '/tmp' }],
      ['library:backup', { archive: '/tmp/x.zip' }],
      ['library:restore-backup', { mode: 'merge', archive: '/tmp/x.zip' }],
      ['library:import', { files: [{ name: 'a.png', path: '/etc/passwd' }] }],
    ];
    for (const [channel, input] of smuggled) {
      const reply = await dispatch(channel, input);
      expect(reply, `${channel} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(reached).not.toHaveBeenCalled();
  });
});
