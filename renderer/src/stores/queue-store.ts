import { create } from 'zustand';
import type { Job, QueueSnapshot } from '../../../electron/shared/domain';
import type { AppError, Result } from '../../../electron/shared/errors';
import { invoke, on } from '../ipc';

export interface Batch {
  id: string;
  /** The first job's creation time: batches are listed newest first. */
  createdAt: number;
  /** In creation order (ratio by ratio, as main created them). */
  jobIds: readonly string[];
}

type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * A mirror of main's queue. A job changes state several times (queued → sending → downloading →
 * saving → done), so those events must be cheap: an update of a known job replaces its entry in
 * the Map in place and bumps `revision` (O(1)); only that job's row selects a new object and
 * re-renders. Adding or removing jobs (rarer) copies the Map and the batch list.
 */
interface QueueState {
  jobs: ReadonlyMap<string, Job>;
  batches: readonly Batch[];
  paused: boolean;
  concurrency: number | null;
  status: LoadStatus;
  loadError: AppError | null;
  /** A queue action main refused (cancel, retry …). */
  actionError: AppError | null;
  /** The job that action was for, so its tile or row can say so where the click was; null for the whole queue. */
  actionErrorJobId: string | null;
  /** Per job, how many times Download again was started this session: a failure after it says it was tried again. */
  downloadTries: ReadonlyMap<string, number>;
  /**
   * When the latest request the API accepted (sending → downloading, saving or done) was sent,
   * this session; null before. Key refusals older than it were the key in use then (job-problem.ts).
   * Kept across snapshots: clearing the job that proved it does not make the key fail again.
   */
  keyAcceptedAt: number | null;
  revision: number;
}

export const useQueueStore = create<QueueState>()(() => ({
  jobs: new Map(),
  batches: [],
  paused: false,
  concurrency: null,
  status: 'idle',
  loadError: null,
  actionError: null,
  actionErrorJobId: null,
  downloadTries: new Map(),
  keyAcceptedAt: null,
  revision: 0,
}));

function byCreation(a: Job, b: Job): number {
  return a.createdAt - b.createdAt;
}

function batchesOf(jobs: Iterable<Job>): Batch[] {
  const grouped = new Map<string, Job[]>();
  for (const job of jobs) {
    const list = grouped.get(job.batchId);
    if (list) list.push(job);
    else grouped.set(job.batchId, [job]);
  }
  const batches: Batch[] = [];
  for (const [id, list] of grouped) {
    list.sort(byCreation);
    batches.push({ id, createdAt: list[0]?.createdAt ?? 0, jobIds: list.map((job) => job.id) });
  }
  return batches.sort((a, b) => b.createdAt - a.createdAt);
}

/** Adds a job to its batch (creating the batch at its place, newest first). */
function withJobInBatch(batches: readonly Batch[], job: Job): Batch[] {
  const index = batches.findIndex((batch) => batch.id === job.batchId);
  if (index >= 0) {
    const batch = batches[index] as Batch;
    const next = [...batches];
    next[index] = { ...batch, createdAt: Math.min(batch.createdAt, job.createdAt), jobIds: [...batch.jobIds, job.id] };
    return next;
  }
  const fresh: Batch = { id: job.batchId, createdAt: job.createdAt, jobIds: [job.id] };
  const at = batches.findIndex((batch) => batch.createdAt < job.createdAt);
  return at < 0 ? [...batches, fresh] : [...batches.slice(0, at), fresh, ...batches.slice(at)];
}

/**
 * The send time of a request the API just accepted, or null. Only the step out of `sending` counts:
 * Download again also passes through `downloading`, but fetches a link without the key.
 */
function acceptedSendTime(before: Job | undefined, after: Job): number | null {
  if (before?.state !== 'sending') return null;
  if (after.state !== 'downloading' && after.state !== 'saving' && after.state !== 'done') return null;
  return after.startedAt ?? before.startedAt;
}

export function upsertJob(job: Job): void {
  const state = useQueueStore.getState();
  const before = state.jobs.get(job.id);
  if (before !== undefined) {
    // The Map was created by this store (never the initial, shared one: that one stays empty).
    (state.jobs as Map<string, Job>).set(job.id, job);
    const accepted = acceptedSendTime(before, job);
    const keyAcceptedAt = accepted === null ? state.keyAcceptedAt : Math.max(accepted, state.keyAcceptedAt ?? accepted);
    useQueueStore.setState({ revision: state.revision + 1, keyAcceptedAt });
    return;
  }
  const jobs = new Map(state.jobs);
  jobs.set(job.id, job);
  useQueueStore.setState({ jobs, batches: withJobInBatch(state.batches, job), revision: state.revision + 1 });
}

/**
 * Jobs from a reply (enqueue, cancel, retry …). Main announces every change as an event too, and
 * an event sent while the call was handled arrives before its reply: a job already known is at
 * least as fresh as the reply's copy, so only unknown jobs are taken from it.
 */
export function addJobsFromReply(jobs: readonly Job[]): void {
  for (const job of jobs) if (!useQueueStore.getState().jobs.has(job.id)) upsertJob(job);
}

export function removeJobs(jobIds: readonly string[]): void {
  const state = useQueueStore.getState();
  const gone = new Set(jobIds.filter((id) => state.jobs.has(id)));
  if (gone.size === 0) return;
  const jobs = new Map(state.jobs);
  for (const id of gone) jobs.delete(id);
  const batches = state.batches
    .map((batch) => (batch.jobIds.some((id) => gone.has(id)) ? { ...batch, jobIds: batch.jobIds.filter((id) => !gone.has(id)) } : batch))
    .filter((batch) => batch.jobIds.length > 0);
  useQueueStore.setState({ jobs, batches, revision: state.revision + 1 });
}

/** Main's whole queue: replaces the mirror (events that arrived before it are older than it). */
export function applySnapshot(snapshot: QueueSnapshot): void {
  const jobs = new Map(snapshot.jobs.map((job) => [job.id, job] as const));
  useQueueStore.setState((state) => ({
    jobs,
    batches: batchesOf(jobs.values()),
    paused: snapshot.paused,
    concurrency: snapshot.concurrency,
    status: 'ready',
    loadError: null,
    revision: state.revision + 1,
  }));
}

export async function loadQueue(): Promise<void> {
  useQueueStore.setState({ status: 'loading', loadError: null });
  const reply = await invoke('queue:list');
  if (reply.ok) applySnapshot(reply.value);
  else useQueueStore.setState({ status: 'error', loadError: reply.error });
}

/** Reads main's queue again without showing it as loading (it stays on screen meanwhile). */
async function refreshQueue(): Promise<void> {
  const reply = await invoke('queue:list');
  if (reply.ok) applySnapshot(reply.value);
}

export function followQueueEvents(): () => void {
  const stops = [
    on('queue:job-updated', upsertJob),
    on('queue:jobs-removed', ({ jobIds }) => removeJobs(jobIds)),
    on('queue:status', ({ paused, concurrency }) => useQueueStore.setState({ paused, concurrency })),
    // A refusal for the budget is stale once the budget is raised or removed.
    on('cost:changed', ({ budgetReached }) => {
      if (!budgetReached && useQueueStore.getState().actionError?.code === 'budget-exceeded') {
        useQueueStore.setState({ actionError: null, actionErrorJobId: null });
      }
    }),
    // A library swapped under the window (a restored backup, a damaged database set aside) brings its own queue.
    on('library:changed', ({ reason }) => {
      if (reason === 'rebuild' || reason === 'move') void refreshQueue();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}

type JobChannel = 'queue:cancel' | 'queue:retry' | 'queue:download-again';

const refused = (error: AppError, jobId: string | null) => useQueueStore.setState({ actionError: error, actionErrorJobId: jobId });
const clearRefusal = () => useQueueStore.setState({ actionError: null, actionErrorJobId: null });

async function jobAction(channel: JobChannel, jobId: string): Promise<Job | null> {
  clearRefusal();
  const reply = await invoke(channel, { jobId });
  if (!reply.ok) {
    refused(reply.error, jobId);
    return null;
  }
  addJobsFromReply([reply.value]);
  return reply.value;
}

/** Dismiss, cancel all, clear finished and resume answer with the whole queue. */
async function snapshotAction(reply: Promise<Result<QueueSnapshot>>, jobId: string | null = null): Promise<void> {
  clearRefusal();
  const result = await reply;
  if (result.ok) applySnapshot(result.value);
  else refused(result.error, jobId);
}

/** Whether a job still holds a paid image at its link (main keeps those through Clear finished too). */
const holdsPaidImage = (job: Job | undefined) => job !== undefined && job.sourceUrl !== null && job.state !== 'done';

export const cancelJob = (jobId: string) => jobAction('queue:cancel', jobId);

/**
 * Main answers Retry with a new job in the old one's batch. The new job replaces the old one: the
 * old one (and what it failed with) leaves the queue, so a one-image request stays one image and
 * an error the retry fixed is not left behind. A job whose paid image can still be downloaded is
 * kept, since leaving the queue would lose its link; main then puts the retry in a batch of its
 * own, so the old batch's progress never counts it ("1 of 2 done" for a one-image request).
 */
export async function retryJob(jobId: string): Promise<void> {
  const old = useQueueStore.getState().jobs.get(jobId);
  const fresh = await jobAction('queue:retry', jobId);
  if (fresh === null || holdsPaidImage(old)) return;
  const reply = await invoke('queue:dismiss', { jobId });
  if (reply.ok) applySnapshot(reply.value);
  // Already gone (dismissed meanwhile, cleared by another window): nothing is left to replace.
  else if (reply.error.code !== 'not-found' && reply.error.code !== 'invalid-input') refused(reply.error, fresh.id);
}

/** Retries each job in turn (main checks the budget for each); stops at the first refusal, which is shown. */
export async function retryJobs(jobIds: readonly string[]): Promise<void> {
  for (const jobId of jobIds) {
    await retryJob(jobId);
    if (useQueueStore.getState().actionError !== null) return;
  }
}

export async function downloadJobAgain(jobId: string): Promise<void> {
  const started = await jobAction('queue:download-again', jobId);
  if (started === null) return;
  const tries = new Map(useQueueStore.getState().downloadTries);
  tries.set(jobId, (tries.get(jobId) ?? 0) + 1);
  useQueueStore.setState({ downloadTries: tries });
}

export const dismissJob = (jobId: string) => snapshotAction(invoke('queue:dismiss', { jobId }), jobId);
export const cancelAllJobs = () => snapshotAction(invoke('queue:cancel-all'));
export const clearFinishedJobs = () => snapshotAction(invoke('queue:clear-finished'));
export const resumeQueue = () => snapshotAction(invoke('queue:resume'));
