import { PROMPT_MAX_LENGTH } from '../../../../electron/shared/constants';

/** From this share of the limit on, the counter warns before the user runs into it. */
const NEAR_LIMIT_SHARE = 0.9;

export type PromptProblem = 'empty' | 'too-long';
export type CounterLevel = 'ok' | 'near' | 'over';

/** The API counts UTF-16 code units, as `String.length` does. */
export function promptLength(prompt: string): number {
  return prompt.length;
}

export function promptProblem(prompt: string): PromptProblem | null {
  if (prompt.trim().length === 0) return 'empty';
  if (promptLength(prompt) > PROMPT_MAX_LENGTH) return 'too-long';
  return null;
}

export function counterLevel(length: number): CounterLevel {
  if (length > PROMPT_MAX_LENGTH) return 'over';
  if (length >= Math.floor(PROMPT_MAX_LENGTH * NEAR_LIMIT_SHARE)) return 'near';
  return 'ok';
}

/** Worded without the count, so a live region only speaks when the reason changes. */
export function problemText(problem: PromptProblem): string {
  return problem === 'empty'
    ? 'Write a prompt to generate an image.'
    : `Too long: a prompt can be at most ${PROMPT_MAX_LENGTH} characters. Shorten it to generate.`;
}
