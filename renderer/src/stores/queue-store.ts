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

export function upsertJob(job: Job): void {
  const state = useQueueStore.getState();
  if (state.jobs.has(job.id)) {
    // The Map was created by this store (never the initial, shared one: that one stays empty).
    (state.jobs as Map<string, Job>).set(job.id, job);
    useQueueStore.setState({ revision: state.revision + 1 });
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
    // A library swapped under the window (a restored backup, a damaged database set aside) brings its own queue.
    on('library:changed', ({ reason }) => {
      if (reason === 'rebuild' || reason === 'move') void refreshQueue();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}

type JobChannel = 'queue:cancel' | 'queue:retry' | 'queue:download-again';

async function jobAction(channel: JobChannel, jobId: string): Promise<void> {
  useQueueStore.setState({ actionError: null });
  const reply = await invoke(channel, { jobId });
  if (reply.ok) addJobsFromReply([reply.value]);
  else useQueueStore.setState({ actionError: reply.error });
}

/** Dismiss, cancel all, clear finished and resume answer with the whole queue. */
async function snapshotAction(reply: Promise<Result<QueueSnapshot>>): Promise<void> {
  useQueueStore.setState({ actionError: null });
  const result = await reply;
  if (result.ok) applySnapshot(result.value);
  else useQueueStore.setState({ actionError: result.error });
}

export const cancelJob = (jobId: string) => jobAction('queue:cancel', jobId);
export const retryJob = (jobId: string) => jobAction('queue:retry', jobId);
export const downloadJobAgain = (jobId: string) => jobAction('queue:download-again', jobId);
export const dismissJob = (jobId: string) => snapshotAction(invoke('queue:dismiss', { jobId }));
export const cancelAllJobs = () => snapshotAction(invoke('queue:cancel-all'));
export const clearFinishedJobs = () => snapshotAction(invoke('queue:clear-finished'));
export const resumeQueue = () => snapshotAction(invoke('queue:resume'));
