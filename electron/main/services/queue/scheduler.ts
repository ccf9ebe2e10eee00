import type { Emit } from '../../../shared/contract';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../../../shared/domain';
import { bugError } from './errors';
import { isTerminal, type JobBook } from './job-book';
import type { NetworkMonitor } from './network-monitor';

/** A send holds one of the `concurrency` slots; a download-again is a plain GET and holds none. */
export type FlightKind = 'send' | 'download';

interface Flight {
  controller: AbortController;
  kind: FlightKind;
}

/**
 * When jobs go out: queued jobs are sent in queue order, at most `concurrency` at a time, while the
 * queue is not paused and the API can be reached; jobs in backoff go back to the queue when their
 * wait is over. Every request out is a flight that a cancel can abort down to the socket.
 */
export interface Scheduler {
  isPaused(): boolean;
  /** Announces a change (`queue:status`). */
  setPaused(value: boolean): void;
  /** The concurrency setting, clamped to what the queue allows. */
  concurrency(): number;
  /** Starts as many queued jobs as there are free send slots. */
  pump(): void;
  /** Runs `run` as the job's flight; a throw is a bug, and ends the job as failed. */
  fly(jobId: string, kind: FlightKind, run: (signal: AbortSignal) => Promise<void>): void;
  isFlying(jobId: string): boolean;
  /** Aborts the job's request or download, if one is out. */
  abort(jobId: string): void;
  /** Jobs with a request or download out right now. */
  activeCount(): number;
  /** Sends out, other than `except`'s, whose charge the ledger does not know yet: the budget check counts them as typical. */
  unchargedSends(except: string): number;
  /** Puts the job (in `retry-wait`) back into the queue after `delayMs`. */
  resendAfter(jobId: string, delayMs: number): void;
  cancelResend(jobId: string): void;
  /** Pumps, and announces a new concurrency setting. */
  kick(): void;
  /** Stops the timers and the network watch; flights end with the process. */
  close(): void;
}

export interface SchedulerDeps {
  book: JobBook;
  network: NetworkMonitor;
  concurrency: () => number;
  emit: Emit;
  /** Sends one queued job. */
  send: (jobId: string, signal: AbortSignal) => Promise<void>;
}

export function createScheduler({ book, network, emit, send, ...deps }: SchedulerDeps): Scheduler {
  const flights = new Map<string, Flight>();
  const resendTimers = new Map<string, ReturnType<typeof setTimeout>>();

  const concurrency = () => {
    const wanted = Math.floor(deps.concurrency());
    return Number.isFinite(wanted) ? Math.min(MAX_CONCURRENCY, Math.max(1, wanted)) : DEFAULT_CONCURRENCY;
  };
  let lastConcurrency = concurrency();
  // Jobs that were waiting when the app stopped wait for the user to resume (see openJobBook).
  let paused = book.all().some((job) => job.state === 'queued');

  const stopWatchingNetwork = network.onChange((status) => {
    if (status.online) pump();
  });

  const sendSlotsInUse = () => [...flights.values()].filter((flight) => flight.kind === 'send').length;

  function pump(): void {
    if (book.closed || paused || !network.isOnline()) return;
    const free = concurrency() - sendSlotsInUse();
    if (free <= 0) return;
    const next = book
      .all()
      .filter((job) => job.state === 'queued' && !flights.has(job.id))
      .slice(0, free);
    for (const job of next) fly(job.id, 'send', (signal) => send(job.id, signal));
  }

  function fly(jobId: string, kind: FlightKind, run: (signal: AbortSignal) => Promise<void>): void {
    const flight: Flight = { controller: new AbortController(), kind };
    flights.set(jobId, flight);
    run(flight.controller.signal)
      .catch((error: unknown) => onBug(jobId, error))
      .finally(() => {
        if (flights.get(jobId) === flight) flights.delete(jobId);
        pump();
      });
  }

  function onBug(jobId: string, error: unknown): void {
    console.error('generation queue: a job failed unexpectedly', error);
    const job = book.live(jobId);
    if (!job || isTerminal(job.state)) return;
    try {
      const charged = job.mayHaveBeenCharged || job.state !== 'queued';
      book.finish(job, 'failed', bugError(error, charged), charged);
    } catch (secondError) {
      console.error('generation queue: could not record the failure', secondError);
    }
  }

  function setPaused(value: boolean): void {
    if (paused === value) return;
    paused = value;
    emit('queue:status', { paused, concurrency: concurrency() });
  }

  return {
    isPaused: () => paused,
    setPaused,
    concurrency,
    pump,
    fly,
    isFlying: (jobId) => flights.has(jobId),
    abort: (jobId) => flights.get(jobId)?.controller.abort(),
    activeCount: () => flights.size,

    unchargedSends(except) {
      let count = 0;
      for (const [id, flight] of flights) {
        const job = book.get(id);
        if (id === except || flight.kind !== 'send' || !job) continue;
        if (job.state === 'sending' || ((job.state === 'downloading' || job.state === 'saving') && job.credits === null)) count += 1;
      }
      return count;
    },

    resendAfter(jobId, delayMs) {
      const timer = setTimeout(() => {
        resendTimers.delete(jobId);
        const job = book.live(jobId);
        if (job?.state !== 'retry-wait') return;
        book.commit({ ...job, state: 'queued', retryAt: null });
        pump();
      }, delayMs);
      resendTimers.set(jobId, timer);
    },

    cancelResend(jobId) {
      const timer = resendTimers.get(jobId);
      if (timer !== undefined) clearTimeout(timer);
      resendTimers.delete(jobId);
    },

    kick() {
      if (book.closed) return;
      const current = concurrency();
      if (current !== lastConcurrency) {
        lastConcurrency = current;
        emit('queue:status', { paused, concurrency: current });
      }
      pump();
    },

    close() {
      stopWatchingNetwork();
      for (const timer of resendTimers.values()) clearTimeout(timer);
      resendTimers.clear();
    },
  };
}
