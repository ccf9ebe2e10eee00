/**
 * The forms a leaked secret would have in stored or shown text, for tests that search for it.
 * Worked out here on their own, not with the app's redactor (electron/main/services/secret-spellings.ts),
 * so a mistake there cannot hide itself: the base64 forms are found by encoding the secret between
 * two different neighbours and keeping what does not change.
 */

export interface Needle {
  form: string;
  text: string;
}

/** The longest run of characters that two encodings of the same length share at the same places. */
function agreeing(a: string, b: string): string {
  let best = '';
  let run = '';
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    run = a[i] === b[i] ? run + a[i] : '';
    if (run.length > best.length) best = run;
  }
  return best;
}

/**
 * The part of a base64 encoding fixed by the secret alone when it sits `offset` bytes (0–2) into
 * the encoded bytes: any base64 text that holds the secret (alone, as `Bearer <key>`, inside a JSON
 * header dump …) holds one of the three, whatever surrounds it.
 */
function base64Core(secret: Buffer, offset: number, alphabet: 'base64' | 'base64url'): string {
  const around = (fill: number) => Buffer.concat([Buffer.alloc(offset, fill), secret, Buffer.alloc(3, fill)]).toString(alphabet);
  return agreeing(around(0x00), around(0xff));
}

const percentEncodeAll = (bytes: Buffer, upper: boolean) => {
  const encoded = Array.from(bytes, (byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
  return upper ? encoded.toUpperCase() : encoded;
};

export function needlesFor(secret: string): Needle[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [
    { form: 'raw', text: secret },
    ...[0, 1, 2].flatMap((offset) => [
      { form: `base64, offset ${offset}`, text: base64Core(bytes, offset, 'base64') },
      { form: `base64url, offset ${offset}`, text: base64Core(bytes, offset, 'base64url') },
    ]),
    { form: 'URL-encoded (encodeURIComponent)', text: encodeURIComponent(secret) },
    { form: 'percent-encoded, every byte, upper case', text: percentEncodeAll(bytes, true) },
    { form: 'percent-encoded, every byte, lower case', text: percentEncodeAll(bytes, false) },
    { form: 'hex, lower case', text: bytes.toString('hex') },
    { form: 'hex, upper case', text: bytes.toString('hex').toUpperCase() },
    { form: 'JSON \\u-escaped, every character', text: Array.from(secret, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('') },
  ];
}

/**
 * The text with its escapes undone, byte by byte (Latin-1, so binary files come through too): %XX
 * (up to three rounds, for escapes of escapes), \uXXXX and JSON's backslash escapes. A secret
 * escaped in a way no needle spells out (a JSON string of a key with a quote, a percent-encoded
 * base64 text) shows up here in one of the needles' forms.
 */
export function unescaped(bytes: Buffer): string {
  let text = bytes.toString('latin1');
  for (let round = 0; round < 3; round += 1) {
    const next = text.replace(/%([0-9a-f]{2})/gi, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
    if (next === text) break;
    text = next;
  }
  return text.replace(/\\u([0-9a-f]{4})/gi, (_, code: string) => String.fromCharCode(parseInt(code, 16))).replace(/\\(["\\/])/g, '$1');
}

/** Which needles `haystack` holds, as it is or with its escapes undone (every needle is ASCII). */
export function needlesIn(haystack: string | Uint8Array, needles: readonly Needle[]): Needle[] {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength);
  const decoded = Buffer.from(unescaped(bytes), 'latin1');
  return needles.filter((needle) => bytes.includes(needle.text) || decoded.includes(needle.text));
}
