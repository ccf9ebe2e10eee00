/**
 * The spellings a secret can take inside text that comes back from the API or a library: an echo of
 * a request is often encoded (a header value in base64, a URL query, a JSON string, a hex dump).
 * Each spelling is matched literally; percent- and \u-escaped text is decoded separately (redact.ts),
 * since an escape may cover any mix of characters.
 */

/** Shorter derived spellings could match by chance in unrelated text; the raw secret always counts. */
const MIN_DERIVED_LENGTH = 8;

const toUrlSafe = (base64: string) => base64.replace(/\+/g, '-').replace(/\//g, '_');
const unpadded = (base64: string) => base64.replace(/=+$/, '');

/**
 * The base64 characters that depend only on the secret's bytes when it sits `offset` bytes (0, 1
 * or 2) into a longer base64-encoded text: every longer text holding the secret holds one of the
 * three. The first characters mix with the bytes before it, the last with the bytes after it.
 */
function base64Core(bytes: Buffer, offset: 0 | 1 | 2): string {
  const encoded = unpadded(Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64'));
  const mixedAtStart = offset === 0 ? 0 : offset + 1;
  const mixedAtEnd = (offset + bytes.length) % 3 === 0 ? 0 : 1;
  return encoded.slice(mixedAtStart, encoded.length - mixedAtEnd);
}

/** Whole encodings: they also cover the last few bits that a core leaves out. */
function wholeBase64(text: string): string[] {
  const padded = Buffer.from(text, 'utf8').toString('base64');
  return [padded, unpadded(padded), toUrlSafe(padded), unpadded(toUrlSafe(padded))];
}

export function spellingsOf(secret: string): string[] {
  if (secret.length === 0) return [];
  const bytes = Buffer.from(secret, 'utf8');
  const derived = [
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    ...wholeBase64(`Bearer ${secret}`),
    ...wholeBase64(secret),
    ...([0, 1, 2] as const).flatMap((offset) => {
      const core = base64Core(bytes, offset);
      return [core, toUrlSafe(core)];
    }),
  ].filter((spelling) => spelling.length >= MIN_DERIVED_LENGTH);
  // Longest first, so a whole encoding is replaced before the core inside it.
  return [...new Set([secret, ...derived])].sort((a, b) => b.length - a.length);
}
