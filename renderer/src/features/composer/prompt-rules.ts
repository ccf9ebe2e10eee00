import { PROMPT_MAX_LENGTH } from '../../../../electron/shared/constants';
import { hasControlCharactersBesidesLineBreaks } from '../../../../electron/shared/control-characters';
import { promptLength } from '../../../../electron/shared/prompt-length';

/** One count for the counter, this page's rule and main's schema (an emoji is one character). */
export { promptLength };

/** From this share of the limit on, the counter warns before the user runs into it. */
const NEAR_LIMIT_SHARE = 0.9;

/** `control-characters`: invisible characters (a NUL from a bad paste) that main refuses; tabs and line breaks are fine. */
export type PromptProblem = 'empty' | 'too-long' | 'control-characters';
export type CounterLevel = 'ok' | 'near' | 'over';

export function promptProblem(prompt: string): PromptProblem | null {
  if (prompt.trim().length === 0) return 'empty';
  if (promptLength(prompt) > PROMPT_MAX_LENGTH) return 'too-long';
  if (hasControlCharactersBesidesLineBreaks(prompt)) return 'control-characters';
  return null;
}

export function counterLevel(length: number): CounterLevel {
  if (length > PROMPT_MAX_LENGTH) return 'over';
  if (length >= Math.floor(PROMPT_MAX_LENGTH * NEAR_LIMIT_SHARE)) return 'near';
  return 'ok';
}

/** Worded without the count, so a live region only speaks when the reason changes. */
export function problemText(problem: PromptProblem): string {
  if (problem === 'empty') return 'Write a prompt to generate an image.';
  if (problem === 'control-characters') {
    return 'The prompt contains invisible control characters; remove them (retype the pasted part) to generate. Tabs and line breaks are fine.';
  }
  return `Too long: a prompt can be at most ${PROMPT_MAX_LENGTH} characters. Shorten it to generate.`;
}
