import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED, showsRedaction, SNIPPET_MAX_CHARS } from '../../electron/main/services/redact';
import { needlesFor, needlesIn } from './support/secret-needles';

/**
 * The redactor against every spelling an echoing API could give the key in. The needles are worked
 * out independently (support/secret-needles.ts): after redaction, none of them may be left.
 */

const KEYS = [
  // The shape of a real AI/ML API key.
  '0123456789abcdef0123456789abcdef',
  // Printable ASCII is allowed: characters that URL, base64 and JSON encodings all change.
  'rvk-SENTINEL/echo+7f3a9c=2e41b8d6',
  'k"e\\y~with<quote>&back\\slash',
];

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const b64url = (text: string | Buffer) => Buffer.from(text).toString('base64url');
const hex = (text: string) => Buffer.from(text).toString('hex');
const percentAll = (text: string) => Array.from(Buffer.from(text), (byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');

/** Each way an answer could carry the key, named for the failure message. */
function echoes(key: string): Array<[string, string]> {
  const bearer = `Bearer ${key}`;
  const list: Array<[string, string]> = [
    ['raw in a sentence', `The key ${key} is not valid.`],
    ['in a JSON body', JSON.stringify({ message: 'bad', echo: { key, headers: { authorization: bearer } } })],
    ['JSON \\u-escaped', `{"key":"${Array.from(key, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}`],
    ['URL-encoded in a query', `https://cdn.example/x.png?key=${encodeURIComponent(key)}&b=1`],
    ['form-encoded', new URLSearchParams({ key, other: 'x y' }).toString()],
    ['percent-encoded every byte', `https://cdn.example/x.png?key=${percentAll(key)}`],
    ['percent-encoded every byte, lower case', `key=${percentAll(key).toLowerCase()}`],
    ['double percent-encoded', `key=${encodeURIComponent(percentAll(key))}`],
    ['hex', `id=${hex(key)}`],
    ['hex, upper case', `id=${hex(key).toUpperCase()}`],
    ['base64 of the key', `token ${b64(key)}`],
    ['base64url of the key, unpadded', `token ${b64url(key)}`],
    ['base64 of Bearer key', `authorization was ${b64(bearer)}`],
    ['base64url of Bearer key', `authorization was ${b64url(bearer)}`],
    ['base64 of Bearer key, percent-encoded in a query', `https://cdn.example/x.png?auth=${encodeURIComponent(b64(bearer))}`],
    ['base64 of a Basic credential', `Authorization: Basic ${b64(`user:${key}`)}`],
  ];
  // Inside a longer base64 text, at every alignment (0–2 bytes into a 3-byte group, and beyond).
  for (let before = 0; before < 6; before += 1) {
    for (const after of [0, 1, 2]) {
      const around = Buffer.concat([Buffer.from('x'.repeat(before) + '{"h":"'), Buffer.from(bearer), Buffer.from('"}' + 'y'.repeat(after))]);
      list.push([`base64 of a JSON dump, ${before} bytes before, ${after} after`, b64(around)]);
      list.push([`base64url of a JSON dump, ${before} bytes before, ${after} after`, b64url(around)]);
    }
  }
  return list;
}

describe('redactor: every spelling of the key', () => {
  for (const key of KEYS) {
    const needles = needlesFor(key);
    it.each(echoes(key))(`removes the key (${key.slice(0, 8)}…) %s`, (_, echoed) => {
      const redactor = createRedactor([key]);
      expect(needlesIn(echoed, needles).length).toBeGreaterThan(0);
      const redacted = redactor.text(echoed);
      expect(needlesIn(redacted, needles).map((needle) => needle.form)).toEqual([]);
      expect(redacted).toContain(REDACTED);
      expect(redactor.holdsSecret(echoed)).toBe(true);
      expect(redactor.holdsSecret(redacted)).toBe(false);
    });
  }

  it('takes out any Bearer token, known or not', () => {
    expect(createRedactor([]).text('Authorization: Bearer abc.def-123')).toBe(`Authorization: Bearer ${REDACTED}`);
  });

  it('leaves text without the key as it is: ids, hashes, base64 images, URLs with escapes', () => {
    const redactor = createRedactor([KEYS[0]!, KEYS[1]!]);
    const innocent = [
      'rsid-4f9c2a7d1e6b8a0c3d5f7e9a1b2c4d6e',
      `https://cdn.example/files/1717171717-${'ab'.repeat(16)}.png?sig=${encodeURIComponent('a+b/c=')}&x=%20y`,
      b64(Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 131) % 256))),
      'HTTP 500 from POST https://api.aimlapi.com/v1/images/generations\n{"statusCode":500,"message":"Internal server error"}',
      '50% of 100%',
    ];
    for (const text of innocent) {
      expect(redactor.text(text)).toBe(text);
      expect(redactor.holdsSecret(text)).toBe(false);
    }
  });

  it('redacts a snippet before cutting it, so a key on the cut is not left half', () => {
    for (const key of KEYS) {
      const needles = needlesFor(key);
      for (const at of [SNIPPET_MAX_CHARS - 20, SNIPPET_MAX_CHARS - 5, SNIPPET_MAX_CHARS + 2]) {
        for (const spelling of [key, encodeURIComponent(key), percentAll(key), b64(`Bearer ${key}`)]) {
          const body = `${'a'.repeat(at)} ${spelling} ${'z'.repeat(200)}`;
          const snippet = createRedactor([key]).snippet(body);
          expect(snippet.length).toBeLessThanOrEqual(SNIPPET_MAX_CHARS);
          expect(needlesIn(snippet, needles)).toEqual([]);
          // Not even a recognisable half: the first 8 characters of the spelling are gone too.
          expect(snippet).not.toContain(spelling.slice(0, 8));
        }
      }
    }
  });

  it('recognises a link whose key was already taken out, escaped or not', () => {
    expect(showsRedaction(`https://cdn.example/x.png?key=${REDACTED}`)).toBe(true);
    expect(showsRedaction(new URL(`https://cdn.example/x.png?key=${REDACTED}`).href)).toBe(true);
    expect(showsRedaction('https://cdn.example/x.png?key=%255Bredacted%255D')).toBe(true);
    expect(showsRedaction('https://cdn.example/x.png?key=abc')).toBe(false);
  });
});
