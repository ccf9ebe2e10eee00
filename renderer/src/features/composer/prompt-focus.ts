/** The prompt textarea's id, so other panels can hand focus to it after loading a prompt. */
export const PROMPT_INPUT_ID = 'composer-prompt';

export function focusPrompt(): void {
  document.getElementById(PROMPT_INPUT_ID)?.focus();
}
