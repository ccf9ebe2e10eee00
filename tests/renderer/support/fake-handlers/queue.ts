import type { queueHandlers as mainQueueHandlers } from '../../../../electron/main/services/studio/handlers/queue';
import { newJob } from '../../../../electron/main/services/queue/new-job';
import { ACTIVE_JOB_STATES, type Job, type QueueSnapshot } from '../../../../electron/shared/domain';
import { appError, fail, ok, type Result } from '../../../../electron/shared/errors';
import type { ParsedInput } from '../../../../electron/shared/contract';
import { fakeId } from '../fake-data';
import type { FakeReverie } from '../fake-reverie';
import type { FakeHandlersFor } from './types';

const isActive = (job: Job) => ACTIVE_JOB_STATES.includes(job.state);

/** Generate, the queue and today's spend. Jobs only move when a test moves them, as main's workers would. */
export function queueHandlers(fake: FakeReverie): FakeHandlersFor<typeof mainQueueHandlers> {
  const changeJob = (jobId: string, patch: (job: Job) => Partial<Job>): Result<Job> => {
    const job = fake.jobs.get(jobId);
    if (!job) return fail(appError('invalid-input', 'That job is no longer in the queue.'));
    return ok(fake.updateJob(jobId, patch(job)));
  };
  const removeJobs = (jobIds: string[]): Result<QueueSnapshot> => {
    const removed = jobIds.filter((id) => fake.jobs.delete(id));
    if (removed.length > 0) fake.emit('queue:jobs-removed', { jobIds: removed });
    return ok(fake.snapshot());
  };

  return {
    'generate:enqueue': (input) => enqueue(fake, input),
    'queue:list': () => ok(fake.snapshot()),
    'queue:cancel': ({ jobId }) => changeJob(jobId, (job) => (isActive(job) ? { state: 'cancelled', finishedAt: fake.tick() } : {})),
    'queue:cancel-all': () => {
      for (const job of fake.jobs.values()) if (isActive(job)) fake.updateJob(job.id, { state: 'cancelled', finishedAt: fake.tick() });
      fake.paused = false;
      return ok(fake.snapshot());
    },
    // As main's retry (electron/main/services/queue/generation-queue.ts): a new job in the old one's batch
    // (in a batch of its own when the old one still holds a paid image to download), the old one left as
    // it was; refused for a done job, one still in the queue, and past the daily budget.
    'queue:retry': ({ jobId }) => {
      const job = fake.jobs.get(jobId);
      if (!job) return fail(appError('invalid-input', 'That job is no longer in the queue.'));
      if (job.state === 'done') return fail(appError('invalid-input', 'This image is already in the library.'));
      if (isActive(job)) return fail(appError('invalid-input', 'This job is still in the queue.'));
      if (fake.cost.budgetReached) return fail(appError('budget-exceeded', 'Today’s spending has reached your daily budget.'));
      const batchId = job.sourceUrl !== null ? fakeId() : job.batchId;
      return ok(fake.addJob(newJob({ id: fakeId(), batchId, params: structuredClone(job.params), createdAt: fake.tick() })));
    },
    'queue:download-again': ({ jobId }) => changeJob(jobId, () => ({ state: 'downloading', error: null, finishedAt: null })),
    'queue:resume': () => {
      fake.paused = false;
      fake.emit('queue:status', { paused: false, concurrency: fake.settings.concurrency });
      return ok(fake.snapshot());
    },
    // As main's dismiss (generation-queue.ts): only a job that has ended leaves the list.
    'queue:dismiss': ({ jobId }) => {
      const job = fake.jobs.get(jobId);
      if (!job) return fail(appError('invalid-input', 'That job is no longer in the queue.'));
      if (isActive(job)) return fail(appError('invalid-input', 'Cancel this job before removing it from the list.'));
      return removeJobs([jobId]);
    },
    'queue:clear-finished': () => removeJobs([...fake.jobs.values()].filter((job) => !isActive(job)).map((job) => job.id)),
    'cost:summary': () => ok({ ...fake.cost }),
  };
}

/** `count` jobs per ratio, refused before anything is queued without a key or over the budget; the prompt enters the history. */
function enqueue(fake: FakeReverie, { prompt, aspectRatios, count, delivery, outputFormat }: ParsedInput<'generate:enqueue'>): Result<Job[]> {
  if (!fake.keyStatus.stored) return fail(appError('no-key', 'Add your AI/ML API key in Settings first.'));
  if (fake.cost.budgetReached) return fail(appError('budget-exceeded', 'Today’s spending has reached your daily budget.'));
  const batchId = fakeId();
  const createdAt = fake.tick();
  const jobs: Job[] = [];
  for (const aspectRatio of aspectRatios) {
    for (let index = 0; index < count; index += 1) {
      const job = newJob({
        id: fakeId(),
        batchId,
        params: { model: 'reve/create-image', sources: [], prompt, aspectRatio, delivery, outputFormat },
        createdAt,
      });
      fake.jobs.set(job.id, job);
      jobs.push(job);
    }
  }
  const existing = fake.history.find((entry) => entry.text === prompt);
  fake.history = [{ text: prompt, lastUsedAt: createdAt, useCount: (existing?.useCount ?? 0) + 1 }, ...fake.history.filter((entry) => entry.text !== prompt)];
  // Main announces each new job to every window; the page hears of them after its own reply.
  if (fake.emitOnEnqueue) setTimeout(() => jobs.forEach((job) => fake.emit('queue:job-updated', job)), 0);
  return ok(jobs);
}
