import type { Page } from 'playwright';
import { pageScript } from '../../tests/e2e/harness/page-script';
import { checkPathAnswer, type PathKind } from './path-answer';

const PROMPT_SCRIPT = new URL('./path-prompt.js', import.meta.url);

export interface PathQuestion {
  /** The title main gave the system dialog, e.g. "Back up the library". */
  title: string;
  want: PathKind;
  /** What the field starts with: a folder to start from, or a suggested file. */
  suggestion: string;
}

const LABEL = { folder: 'Folder path', 'open-file': 'File path', 'save-file': 'Save as' } as const;
const CONFIRM = { folder: 'Choose', 'open-file': 'Open', 'save-file': 'Save' } as const;
const HINT = {
  folder: 'A folder on this computer. The preview has no system dialogs, so type its full path (~ is your home folder).',
  'open-file': 'A file on this computer. The preview has no system dialogs, so type its full path (~ is your home folder).',
  'save-file': 'Where to write the file. The preview has no system dialogs, so type its full path (~ is your home folder).',
} as const;

/**
 * Stands in for a system file dialog in the preview: asks in the page until the answer is a path
 * the dialog would have allowed, or the user cancels. Null when cancelled or the window is gone.
 */
export async function askForPath(page: Page | undefined, question: PathQuestion): Promise<string | null> {
  let value = question.suggestion;
  let error: string | null = null;
  for (;;) {
    if (!page || page.isClosed()) return null;
    const request = {
      title: question.title,
      label: LABEL[question.want.kind],
      hint: HINT[question.want.kind],
      confirm: CONFIRM[question.want.kind],
      value,
      error,
    };
    let typed: unknown;
    try {
      typed = await page.evaluate(pageScript(PROMPT_SCRIPT, 'askForPath', request));
    } catch {
      return null; // The page navigated or closed while asking: as if the dialog was dismissed.
    }
    if (typeof typed !== 'string') return null;
    const answer = await checkPathAnswer(typed, question.want);
    if (answer.ok) return answer.path;
    value = typed;
    error = answer.error;
  }
}
