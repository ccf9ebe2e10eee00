import type { Job, JobState } from '../../../shared/domain';
import type { Notifier } from '../ports';
import { isTerminal } from './job-book';

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

/**
 * Which batches earn a notification, and when: once every job of a batch has ended, for the jobs
 * that ended since its last notification, and only when one of them was sent in this session (a
 * batch restored from the last run and left alone is not news).
 */
export interface BatchNotifications {
  /** The job is going out now. */
  sent(jobId: string): void;
  /** `job` just ended; `batch` is every job of its batch as the queue lists them now. */
  finished(job: Job, batch: readonly Job[]): void;
  /** A retry replaces `job` in its batch's count. */
  superseded(job: Job): void;
  /** `job` left the queue. */
  forget(job: Job): void;
}

export function createBatchNotifications(deps: { notifyWhenDone: () => boolean; notifier: Notifier }): BatchNotifications {
  /** Jobs sent at least once since this queue opened: only their batches earn a notification. */
  const sentThisSession = new Set<string>();
  /** Per batch, the final state of each job that finished since the batch's last notification. */
  const rounds = new Map<string, Map<string, JobState>>();

  return {
    sent(jobId) {
      sentThisSession.add(jobId);
    },

    finished(job, batch) {
      const round = rounds.get(job.batchId) ?? new Map<string, JobState>();
      round.set(job.id, job.state);
      rounds.set(job.batchId, round);
      if (batch.some((member) => !isTerminal(member.state))) return;
      rounds.delete(job.batchId);
      if (![...round.keys()].some((id) => sentThisSession.has(id))) return;
      if (!deps.notifyWhenDone()) return;
      const notice = describeBatch([...round.values()], job.params.prompt);
      if (!notice) return;
      try {
        deps.notifier.notify(notice.title, notice.body);
      } catch (error) {
        // A notification is a courtesy; failing to show one must not disturb the job that triggered it.
        console.warn('generation queue: could not show the batch notification', error);
      }
    },

    superseded(job) {
      rounds.get(job.batchId)?.delete(job.id);
    },

    forget(job) {
      sentThisSession.delete(job.id);
      rounds.get(job.batchId)?.delete(job.id);
    },
  };
}
