import { spellingsOf } from './secret-spellings';

/** What stands in for a secret in anything a user, a log or a bug report may see. */
export const REDACTED = '[redacted]';

/** Longest raw response excerpt kept in an error's detail. */
export const SNIPPET_MAX_CHARS = 4096;

const CUT_MARK = '… (cut)';

const BEARER_TOKEN = /Bearer\s+[^\s"',;\\]+/gi;

/** A run of text between spaces and quotes that holds at least one %XX or \uXXXX escape. */
const ESCAPED_RUN = /[^\s"'<>`]*(?:%[0-9a-f]{2}|\\u[0-9a-f]{4})[^\s"'<>`]*/gi;
const ESCAPE = /%([0-9a-f]{2})|\\u([0-9a-f]{4})/gi;
/** Escapes of escapes (%2541 is %41 is A): decoded this many times over at most. */
const MAX_DECODE_ROUNDS = 3;

/** Decodes escapes one code unit at a time: never throws on a broken sequence, and ASCII secrets come out whole. */
function decodeEscapes(run: string): string {
  let text = run;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round += 1) {
    const next = text.replace(ESCAPE, (_, pct?: string, unicode?: string) => String.fromCharCode(parseInt(pct ?? unicode ?? '', 16)));
    if (next === text) break;
    text = next;
  }
  return text;
}

export interface Redactor {
  /** `text` with every known secret, in every spelling it knows, and every `Bearer …` token replaced. */
  text(text: string): string;
  /** At most `maxChars` of redacted `text`, marked when cut. */
  snippet(text: string, maxChars?: number): string;
  /** Whether `text` holds a secret or a `Bearer …` token, in any spelling redaction knows. */
  holdsSecret(text: string): boolean;
}

/** Whether `text` (e.g. a URL) has already had a secret taken out, escaped or not. */
export const showsRedaction = (text: string): boolean => decodeEscapes(text).toLowerCase().includes(REDACTED);

/**
 * Builds a redactor for the given secrets. Each secret is matched in every spelling an echo can
 * carry it in (secret-spellings.ts), and inside any escaped run (a URL query, a JSON string with
 * \u escapes), which is replaced whole when its decoded text holds a secret.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const spellings = [...new Set(secrets.flatMap(spellingsOf))].sort((a, b) => b.length - a.length);
  // Wide enough that a secret straddling a snippet's cut is whole, escaped (3 characters a byte) or not.
  const margin = 3 * Math.max(0, ...spellings.map((spelling) => spelling.length));

  const replaceSpellings = (input: string): string => {
    let output = input;
    for (const spelling of spellings) output = output.split(spelling).join(REDACTED);
    return output;
  };
  const holdsSpelling = (input: string) => spellings.some((spelling) => input.includes(spelling));

  const text = (input: string): string => {
    const plain = replaceSpellings(input).replace(ESCAPED_RUN, (run) => (holdsSpelling(decodeEscapes(run)) ? REDACTED : run));
    return plain.replace(BEARER_TOKEN, `Bearer ${REDACTED}`);
  };

  return {
    text,
    holdsSecret: (input) => text(input) !== input,
    snippet(input, maxChars = SNIPPET_MAX_CHARS) {
      // Redact before cutting, over a window wide enough that a secret straddling the cut is whole.
      const window = input.slice(0, maxChars + margin);
      const redacted = text(window);
      if (redacted.length <= maxChars && window.length === input.length) return redacted;
      return `${redacted.slice(0, Math.max(0, maxChars - CUT_MARK.length))}${CUT_MARK}`;
    },
  };
}
