import type { JobState } from '../../../shared/domain';

/** The system notification for a finished batch: a count in the title, the prompt in the body. */
export interface BatchNotice {
  title: string;
  body: string;
}

const PROMPT_IN_NOTICE = 120;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * `outcomes` are the final states of the batch's jobs this round. null when there is nothing to
 * tell: a batch the user cancelled whole needs no notification.
 */
export function describeBatch(outcomes: readonly JobState[], prompt: string): BatchNotice | null {
  const count = (...states: JobState[]) => outcomes.filter((state) => states.includes(state)).length;
  const ready = count('done');
  const failed = count('failed', 'interrupted');
  const refused = count('refused');
  const cancelled = count('cancelled');
  if (ready + failed + refused === 0) return null;

  const title =
    ready === outcomes.length
      ? `${plural(ready, 'image')} ready`
      : [
          ready > 0 ? `${ready} ready` : null,
          failed > 0 ? `${failed} failed` : null,
          refused > 0 ? `${refused} refused` : null,
          cancelled > 0 ? `${cancelled} cancelled` : null,
        ]
          .filter((part): part is string => part !== null)
          .join(', ');
  const text = prompt.trim().replace(/\s+/g, ' ');
  const body = text.length > PROMPT_IN_NOTICE ? `${text.slice(0, PROMPT_IN_NOTICE - 1)}…` : text;
  return { title, body };
}
