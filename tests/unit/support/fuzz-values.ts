import { randomInt } from 'node:crypto';

/**
 * Hostile values for the IPC fuzz test, from a seeded generator (print the seed; rerun one with
 * REVERIE_FUZZ_SEED=<seed>) plus a fixed list of known-nasty ones. Everything here survives the
 * structured clone Electron's IPC uses, except where a label says it cannot cross IPC at all.
 */

import type { Random } from '../../support/seeded-random';

export { seededRandom, type Random } from '../../support/seeded-random';

/** The seed from REVERIE_FUZZ_SEED, or a fresh one. */
export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = Number(env.REVERIE_FUZZ_SEED);
  return Number.isInteger(given) && given >= 0 ? given : randomInt(2 ** 31);
}

const MEGABYTE = 2 ** 20;
const UUID = '00000000-0000-4000-8000-000000000000';

/** Strings that have broken parsers, paths and SQL before. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'kite\u0000',
  '\u001b[2J\u001b[31m',
  '\r\n\t\v\f',
  '\u0085\u009b',
  '\ud800',
  'a\udfffb',
  '\u202egnp.exe',
  '\ufeff',
  '🌅\u200d🐈',
  '"',
  '"unterminated',
  "'; DROP TABLE generations; --",
  'NEAR(a b)',
  '*',
  '%00',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/etc/passwd',
  '../../../../etc/passwd',
  '..\\..\\Windows\\win.ini',
  '\\\\evil-host\\share\\x.png',
  '//evil-host/share',
  'C:\\Windows\\System32\\config\\SAM',
  'file:///etc/passwd',
  'file://evil-host/share/x.png',
  '~/.ssh/id_rsa',
  'http://169.254.169.254/latest/meta-data/',
  'https://127.0.0.1/v1',
  'javascript:alert(1)',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  UUID,
  UUID.toUpperCase(),
  `${UUID}\u0000`,
  '{date}{prompt}{../../x}',
  'x'.repeat(MEGABYTE),
  `${'a\u0000'.repeat(MEGABYTE / 2)}`,
  '🌅'.repeat(MEGABYTE / 2),
];

function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = wrap(value);
  return value;
}

/** The fixed list: each is sent as a whole payload to every channel, and used in mutations. */
export function nastyValues(): Array<[label: string, value: unknown]> {
  const values: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['true', true],
    ['false', false],
    ['0', 0],
    ['-0', -0],
    ['1', 1],
    ['-1', -1],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['2^53+2', 2 ** 53 + 2],
    ['1e308', 1e308],
    ['5e-324', 5e-324],
    ['1.5', 1.5],
    ['a bigint', 10n],
    ['{}', {}],
    ['[]', []],
    ['[[]]', [[]]],
    ['a sparse array', [, , 1]], // eslint-disable-line no-sparse-arrays -- the hole is the point
    ['an own __proto__', JSON.parse('{"__proto__": {"polluted": true}}')],
    ['constructor.prototype', { constructor: { prototype: { polluted: true } } }],
    ['prototype', { prototype: { polluted: true } }],
    ['an own __proto__ array', JSON.parse('[{"__proto__": {"polluted": true}}]')],
    ['an empty key', { '': 1 }],
    ['10k keys', Object.fromEntries(Array.from({ length: 10_000 }, (_, index) => [`k${index}`, index]))],
    ['an array of 1e5 uuids', Array.from({ length: 100_000 }, () => UUID)],
    ['an array of 1e5 zeros', new Array<number>(100_000).fill(0)],
    ['1,000 levels of arrays', nested(1_000, (inner) => [inner])],
    ['1,000 levels of objects', nested(1_000, (inner) => ({ query: inner }))],
    // Deeper than the structured clone can carry: only an in-process caller could send these.
    ['10,000 levels of arrays (cannot cross IPC)', nested(10_000, (inner) => [inner])],
    ['10,000 levels of objects (cannot cross IPC)', nested(10_000, (inner) => ({ selection: inner }))],
    ['empty bytes', new Uint8Array(0)],
    ['1 MB of bytes', new Uint8Array(MEGABYTE)],
    ['an ArrayBuffer', new ArrayBuffer(16)],
    ['an invalid Date', new Date(Number.NaN)],
    ['a Date', new Date(0)],
    ['a RegExp', /.*/gu],
    ['a Map', new Map([['id', UUID]])],
    ['a Set', new Set([UUID])],
    ['an Error', new Error('boom')],
  ];
  for (const text of NASTY_STRINGS) values.push([`the string ${JSON.stringify(text.slice(0, 24))}${text.length > 24 ? `… (${text.length} chars)` : ''}`, text]);
  return values;
}

const KEYS = [
  'id',
  'ids',
  'query',
  'text',
  'prompt',
  'name',
  'tag',
  'selection',
  'options',
  'files',
  'path',
  'destination',
  '__proto__',
  'constructor',
  'prototype',
  '',
];

function randomString(random: Random): string {
  switch (random.int(4)) {
    case 0:
      return random.pick(NASTY_STRINGS.filter((text) => text.length < 1_000));
    case 1:
      return String.fromCharCode(...Array.from({ length: random.int(40) }, () => random.int(0x10000)));
    case 2:
      return Array.from({ length: 1 + random.int(8) }, () => random.pick(['a', ' ', '\u0000', '"', '*', '-', 'é', '🌅', '\n', '..', '/', '\\'])).join('');
    default:
      return 'x'.repeat(random.pick([0, 1, 60, 61, 100, 101, 255, 256, 500, 501, 2_560, 2_561, 100_001]));
  }
}

/** A random structured-clonable value, at most `depth` levels deep. */
export function randomValue(random: Random, depth = 4): unknown {
  const kind = random.int(depth > 0 ? 9 : 6);
  switch (kind) {
    case 0:
      return random.pick([undefined, null, true, false]);
    case 1:
      return random.pick([0, -0, 1, -1, 7, 200, 501, 10_000_001, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5, 2 ** 31, -(2 ** 53)]);
    case 2:
    case 3:
      return randomString(random);
    case 4:
      return new Uint8Array(random.int(64)).map(() => random.int(256));
    case 5:
      return random.pick(['3:2', '1:1', 'url', 'base64', 'png', 'library', 'trash', 'newest', 'merge', 'replace', 'image', 'both', UUID]);
    case 6:
    case 7: {
      const entries = Array.from({ length: random.int(5) }, () => [random.pick(KEYS), randomValue(random, depth - 1)] as const);
      // defineProperty, so "__proto__" becomes an own key as it does when a clone arrives over IPC.
      const target: Record<string, unknown> = {};
      for (const [key, value] of entries) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
      return target;
    }
    default:
      return Array.from({ length: random.int(4) }, () => randomValue(random, depth - 1));
  }
}
