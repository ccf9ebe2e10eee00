/**
 * Control characters (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) in free text from the
 * renderer. None is visible, and NUL ends a C string, so a NUL inside an FTS5 query is an
 * "unterminated string". Each free-text field of the contract either refuses them with a sentence
 * (what the user saves or sends: prompts, names, templates, addresses) or strips them (what the
 * user only searches or filters with, where a refusal would just be noise).
 *
 * Zod-free, so the schemas in shared/domain/ and main's own helpers (the FTS query) share one rule.
 */

const ANY_CONTROL = /\p{Cc}/u;
const ANY_CONTROL_GLOBAL = /\p{Cc}+/gu;
/** Tab, line feed and carriage return are how multi-line text is written: allowed where text may span lines. */
const CONTROL_BUT_LINE_BREAKS_AND_TABS = /(?![\t\n\r])\p{Cc}/u;

export const hasControlCharacters = (text: string): boolean => ANY_CONTROL.test(text);

export const hasControlCharactersBesidesLineBreaks = (text: string): boolean => CONTROL_BUT_LINE_BREAKS_AND_TABS.test(text);

/**
 * Each run of control characters becomes one space: a tab or line break pasted into a search still
 * separates two words, and a NUL can no longer reach SQLite.
 */
export const spaceOutControlCharacters = (text: string): string => text.replace(ANY_CONTROL_GLOBAL, ' ');

/** Drops control characters other than tabs and line breaks, for text kept as the user wrote it (a draft). */
export const removeControlCharactersBesidesLineBreaks = (text: string): string => text.replace(/(?![\t\n\r])\p{Cc}/gu, '');
