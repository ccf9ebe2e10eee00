import type { DatabaseSync, SQLInputValue, SQLOutputValue } from 'node:sqlite';
import { z } from 'zod';
import { GenerationParams, JOB_STATES, type Job, type JobState } from '../../../shared/domain';
import { appError, ERROR_CODES, type AppError } from '../../../shared/errors';
import { runInTransaction } from '../library/transaction';

/** The `jobs` table (migration 2; inference_id since 6): every job the queue knows, in queue order, across restarts. */
export interface JobStore {
  insert(job: Job): void;
  /** Several jobs in one transaction: a batch is queued whole or not at all. */
  insertMany(jobs: readonly Job[]): void;
  /** Writes every mutable column of the job with this id. */
  update(job: Job): void;
  get(id: string): Job | null;
  /** Queue order: oldest first. Rows that cannot be read go to `onProblem`, not to the caller. */
  list(): Job[];
  delete(ids: readonly string[]): void;
  /**
   * After a restart: jobs whose request was out (sending, downloading, saving) become `interrupted`
   * with `error`, `mayHaveBeenCharged` and `finishedAt`; jobs waiting to be sent (queued, retry-wait)
   * become `queued` again. One transaction. Returns how many rows each step changed.
   */
  recoverAtStartup(now: number, error: AppError): { interrupted: number; requeued: number };
}

export interface JobStoreProblem {
  jobId: string;
  reason: string;
}

const JOB_COLUMNS =
  'id, batch_id, params, state, created_at, started_at, finished_at, attempts, retry_at, error, item_id, request_id, inference_id, credits, source_url, may_have_been_charged';
const JOB_PARAMETERS = JOB_COLUMNS.split(', ')
  .map((column) => `:${column}`)
  .join(', ');
const MUTABLE_ASSIGNMENTS = JOB_COLUMNS.split(', ')
  .filter((column) => column !== 'id' && column !== 'batch_id' && column !== 'params' && column !== 'created_at')
  .map((column) => `${column} = :${column}`)
  .join(', ');

/** What an AppError looks like on disk; unknown fields are dropped, a wrong shape is replaced. */
const StoredError = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  detail: z.string().optional(),
  status: z.number().optional(),
  requestId: z.string().optional(),
  mayHaveBeenCharged: z.boolean().optional(),
  retryAfterSeconds: z.number().optional(),
});

const JobRow = z.object({
  id: z.string(),
  batch_id: z.string(),
  params: z.string(),
  state: z.enum(JOB_STATES),
  created_at: z.number(),
  started_at: z.number().nullable(),
  finished_at: z.number().nullable(),
  attempts: z.number(),
  retry_at: z.number().nullable(),
  error: z.string().nullable(),
  item_id: z.string().nullable(),
  request_id: z.string().nullable(),
  inference_id: z.string().nullable(),
  credits: z.number().nullable(),
  source_url: z.string().nullable(),
  may_have_been_charged: z.number(),
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function readError(text: string | null): AppError | null {
  if (text === null) return null;
  const parsed = StoredError.safeParse(parseJson(text));
  if (parsed.success) return parsed.data;
  // The job stays listed; only the explanation was lost, and saying so beats hiding the job.
  return appError('internal', 'What went wrong with this job could not be read back from the library database.', {
    detail: text.slice(0, 2000),
  });
}

function jobToRow(job: Job): Record<string, SQLInputValue> {
  return {
    id: job.id,
    batch_id: job.batchId,
    params: JSON.stringify(job.params),
    state: job.state,
    created_at: job.createdAt,
    started_at: job.startedAt,
    finished_at: job.finishedAt,
    attempts: job.attempts,
    retry_at: job.retryAt,
    error: job.error === null ? null : JSON.stringify(job.error),
    item_id: job.itemId,
    request_id: job.requestId,
    inference_id: job.inferenceId,
    credits: job.credits,
    source_url: job.sourceUrl,
    may_have_been_charged: job.mayHaveBeenCharged ? 1 : 0,
  };
}

type RowReading = { ok: true; job: Job } | { ok: false; problem: JobStoreProblem };

function rowToJob(raw: Record<string, SQLOutputValue>): RowReading {
  const jobId = typeof raw.id === 'string' ? raw.id : String(raw.id);
  const row = JobRow.safeParse(raw);
  if (!row.success) return { ok: false, problem: { jobId, reason: `unreadable row: ${row.error.message}` } };
  // Retry resends these exact parameters, so a row whose parameters do not validate is not a job.
  const params = GenerationParams.safeParse(parseJson(row.data.params));
  if (!params.success) return { ok: false, problem: { jobId, reason: `unreadable parameters: ${params.error.message}` } };
  const r = row.data;
  return {
    ok: true,
    job: {
      id: r.id,
      batchId: r.batch_id,
      params: params.data,
      state: r.state,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      attempts: r.attempts,
      retryAt: r.retry_at,
      error: readError(r.error),
      itemId: r.item_id,
      requestId: r.request_id,
      inferenceId: r.inference_id,
      credits: r.credits,
      sourceUrl: r.source_url,
      mayHaveBeenCharged: r.may_have_been_charged !== 0,
    },
  };
}

const IN_FLIGHT: readonly JobState[] = ['sending', 'downloading', 'saving'];
const WAITING: readonly JobState[] = ['queued', 'retry-wait'];
const quoted = (states: readonly JobState[]) => states.map((state) => `'${state}'`).join(', ');

export function createJobStore(db: DatabaseSync, onProblem: (problem: JobStoreProblem) => void = () => undefined): JobStore {
  const insertStatement = db.prepare(`INSERT INTO jobs (${JOB_COLUMNS}) VALUES (${JOB_PARAMETERS})`);
  const updateStatement = db.prepare(`UPDATE jobs SET ${MUTABLE_ASSIGNMENTS} WHERE id = :id`);
  const getStatement = db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`);
  const listStatement = db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs ORDER BY seq`);
  const deleteStatement = db.prepare('DELETE FROM jobs WHERE id = ?');
  const interruptStatement = db.prepare(
    `UPDATE jobs SET state = 'interrupted', may_have_been_charged = 1, finished_at = :now, retry_at = NULL, error = :error
     WHERE state IN (${quoted(IN_FLIGHT)})`,
  );
  const requeueStatement = db.prepare(`UPDATE jobs SET state = 'queued', retry_at = NULL WHERE state IN (${quoted(WAITING)})`);

  const inTransaction = <T>(work: () => T): T => runInTransaction(db, work);

  // Named parameters carry the mutable columns only; node:sqlite rejects unknown names.
  const updateParameters = (job: Job) => {
    const { batch_id: _batch, params: _params, created_at: _created, ...rest } = jobToRow(job);
    return rest;
  };

  function read(raw: Record<string, SQLOutputValue> | undefined): Job | null {
    if (raw === undefined) return null;
    const reading = rowToJob(raw);
    if (reading.ok) return reading.job;
    onProblem(reading.problem);
    return null;
  }

  return {
    insert(job) {
      insertStatement.run(jobToRow(job));
    },

    insertMany(jobs) {
      inTransaction(() => {
        for (const job of jobs) insertStatement.run(jobToRow(job));
      });
    },

    update(job) {
      updateStatement.run(updateParameters(job));
    },

    get: (id) => read(getStatement.get(id)),

    list() {
      const jobs: Job[] = [];
      for (const raw of listStatement.all()) {
        const job = read(raw);
        if (job) jobs.push(job);
      }
      return jobs;
    },

    delete(ids) {
      if (ids.length === 0) return;
      inTransaction(() => {
        for (const id of ids) deleteStatement.run(id);
      });
    },

    recoverAtStartup(now, error) {
      return inTransaction(() => ({
        interrupted: Number(interruptStatement.run({ now, error: JSON.stringify(error) }).changes),
        requeued: Number(requeueStatement.run().changes),
      }));
    },
  };
}
