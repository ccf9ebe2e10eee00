/*
 * The one place user words become an FTS5 MATCH expression: the library search and the prompt
 * history both read it, so a fix to quoting or tokenising lands in both.
 */

/** A word the FTS tokenizer (unicode61) would index: it holds at least one letter or digit. */
const SEARCHABLE = /[\p{L}\p{N}]/u;
/**
 * Words are split at white space and at control characters: a NUL inside a quoted FTS5 string ends
 * the C string SQLite reads, which FTS5 reports as an "unterminated string".
 */
const WORD_BREAK = /[\s\p{Cc}]+/u;
/** More words than anyone types; ANDing more only narrows further, and the query stays small. */
const MAX_WORDS = 64;

/**
 * The user's words as an FTS5 query that cannot be a syntax error, whatever the input: each word
 * becomes a quoted string (inner `"` doubled), so `*`, `-`, `:`, `(` and `NEAR` are plain text, and
 * a trailing `*` makes it a prefix term so results follow the typing. Words are ANDed, each once.
 * Returns null when no word has anything the index holds (only emoji or punctuation).
 */
export function toFtsQuery(input: string): string | null {
  const words = [...new Set(input.split(WORD_BREAK).filter((word) => SEARCHABLE.test(word)))].slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}
