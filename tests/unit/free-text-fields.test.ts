import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/main/ipc/dispatch';
import { CHANNEL_NAMES, type ChannelName, type Handlers } from '../../electron/shared/contract';
import { ok, type Result } from '../../electron/shared/errors';
import { channelSamples, placeholderIds } from './support/ipc-samples';

/**
 * Control characters in every free-text field of the contract, at the boundary (the contract's
 * schemas through the real dispatcher): each is either refused with a sentence, or stripped before
 * the handler sees it. NUL once reached FTS5 as an unterminated string.
 */

function setup() {
  const reached: Array<{ channel: ChannelName; input: unknown }> = [];
  const handlers = Object.fromEntries(
    CHANNEL_NAMES.map((channel) => [
      channel,
      async (input: unknown) => {
        reached.push({ channel, input });
        return ok(null);
      },
    ]),
  ) as unknown as Handlers;
  return { dispatch: createDispatcher(handlers, () => {}), reached };
}

type Path = Array<string | number>;

/** Every string in a value with where it sits. Bytes (Uint8Array) are not text. */
function stringPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((entry, index) => stringPaths(entry, [...path, index]));
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    return Object.entries(value).flatMap(([key, entry]) => stringPaths(entry, [...path, key]));
  }
  return [];
}

function withStringAt(value: unknown, path: Path, rewrite: (text: string) => string): unknown {
  if (path.length === 0) return rewrite(value as string);
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head!] = withStringAt(copy[head!], rest, rewrite);
  return copy;
}

const stringAt = (value: unknown, path: Path) => String(path.reduce<unknown>((at, key) => (at as Record<string | number, unknown>)[key], value));
/** Tabs and line breaks are text in a prompt or a draft; every other control character must be gone. */
const anyControl = (value: unknown) => stringPaths(value).some((path) => /(?![\t\n\r])\p{Cc}/u.test(stringAt(value, path)));

const errorOf = (result: Result<unknown>) => {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
};

describe('free-text fields: control characters', () => {
  it('never lets a NUL or ESC through to a handler, in any string of any channel', async () => {
    const samples = channelSamples(placeholderIds());
    let fields = 0;
    let refused = 0;
    for (const channel of CHANNEL_NAMES) {
      for (const sample of samples[channel] as unknown[]) {
        // A page cursor is not text but a token main made; the library refuses any it did not (library-paging.test.ts).
        for (const path of stringPaths(sample).filter((at) => at.at(-1) !== 'cursor')) {
          for (const insert of ['\u0000', '\u001b[2J', '\u0085', '\u007f']) {
            const { dispatch, reached } = setup();
            const reply = await dispatch(
              channel,
              withStringAt(sample, path, (text) => `${text.slice(0, 1)}${insert}${text.slice(1)}`),
            );
            const where = `${channel} ${path.join('.')} ${JSON.stringify(insert)}`;
            if (reply.ok) {
              expect(reached, where).toHaveLength(1);
              expect(anyControl(reached[0]!.input), where).toBe(false);
            } else {
              expect(reply.error.code, where).toBe('invalid-input');
              expect(reply.error.message.length, where).toBeGreaterThan(0);
              expect(reached, where).toHaveLength(0);
              refused++;
            }
          }
          fields++;
        }
      }
    }
    console.log(
      `[free-text] ${fields} string fields across ${CHANNEL_NAMES.length} channels, ${refused} of ${fields * 4} control-character variants refused, the rest stripped`,
    );
    expect(fields).toBeGreaterThan(40);
  });

  it.each<[string, ChannelName, unknown, string]>([
    [
      'a prompt',
      'generate:enqueue',
      { prompt: 'a fox\u0000', aspectRatios: ['1:1'], count: 1 },
      'The prompt contains invisible control characters; remove them (retype the pasted part) and try again. Tabs and line breaks are fine.',
    ],
    [
      'a saved prompt’s text',
      'templates:save',
      { name: 'Fox', text: 'a \u0007fox' },
      'The prompt contains invisible control characters; remove them (retype the pasted part) and try again. Tabs and line breaks are fine.',
    ],
    ['a saved prompt’s name', 'templates:save', { name: 'Fox\tden', text: 'a fox' }, 'A name cannot contain control characters.'],
    ['a tag', 'library:add-tag', { selection: { ids: [placeholderIds().itemId] }, tag: 'red\u0085' }, 'A tag cannot contain control characters.'],
    ['a tag in a filter', 'library:list', { query: { tags: ['a\u0000'] } }, 'A tag cannot contain control characters.'],
    ['a collection name', 'collections:create', { name: 'Trips\u001b' }, 'A collection name cannot contain control characters.'],
    ['a model filter', 'library:list', { query: { model: 'reve\u0000' } }, 'A model name cannot contain control characters.'],
    [
      'a naming template',
      'export:start',
      { selection: { ids: [placeholderIds().itemId] }, options: { namingTemplate: '{id}\n{prompt}' } },
      'A file name template cannot contain control characters.',
    ],
    ['an API base URL', 'settings:update', { apiBaseUrl: 'https://api.example\t.com/v1' }, 'An address cannot contain control characters.'],
  ])('refuses %s with a sentence', async (_, channel, input, message) => {
    const { dispatch, reached } = setup();
    expect(errorOf(await dispatch(channel, input))).toEqual({ code: 'invalid-input', message });
    expect(reached).toHaveLength(0);
  });

  it('keeps tabs and line breaks in a prompt and a saved prompt', async () => {
    const { dispatch, reached } = setup();
    expect((await dispatch('generate:enqueue', { prompt: 'a fox\tin snow\r\nat dusk', aspectRatios: ['1:1'], count: 1 })).ok).toBe(true);
    expect((await dispatch('templates:save', { name: 'Fox', text: 'a fox\n{place}' })).ok).toBe(true);
    expect(reached.map(({ input }) => (input as { prompt?: string; text?: string }).prompt ?? (input as { text: string }).text)).toEqual([
      'a fox\tin snow\r\nat dusk',
      'a fox\n{place}',
    ]);
  });

  it('turns control characters in searches into spaces, so pasted words stay apart', async () => {
    const { dispatch, reached } = setup();
    await dispatch('library:list', { query: { text: 'red\tfox\u0000den' } });
    await dispatch('history:list', { query: 'red\nfox\u0000' });
    await dispatch('tags:list', { prefix: 'tr\u0000' });
    await dispatch('library:trash', { selection: { query: { text: 'a\u0000b' } } });
    expect(reached.map(({ input }) => input)).toMatchObject([
      { query: { text: 'red fox den' } },
      { query: 'red fox ' },
      { prefix: 'tr ' },
      { selection: { query: { text: 'a b' } } },
    ]);
  });

  it('spaces out control characters in dropped file names and drops them from a draft, keeping its line breaks', async () => {
    const { dispatch, reached } = setup();
    const bytes = new Uint8Array([1, 2, 3]);
    await dispatch('library:import', { files: [{ name: 'kite\u0000\u0001.png', bytes }] });
    await dispatch('draft:save', { prompt: 'a\u0000 fox\n\tden\u009b', aspectRatios: ['1:1'], count: 1, delivery: 'url', outputFormat: null });
    expect(reached.map(({ input }) => input)).toMatchObject([{ files: [{ name: 'kite .png' }] }, { prompt: 'a fox\n\tden' }]);
  });
});
