import { fail, ok, type AppError, type Result } from '../../../shared/errors';
import { downloadCancelled, downloadOnce, type ImageDownloadOptions } from './download';
import type { ReceivedImage } from './incoming-file';

/** Waits `ms`, or less when `signal` aborts first; never rejects. Tests pass one that only records. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

export interface DownloadRetryOptions extends ImageDownloadOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the second try; doubled before each later one. */
  backoffMs: number;
  sleep: Sleep;
}

/**
 * A server asking for a longer pause than this is not having a blip; the job gives up its slot and
 * the error carries `retryAfterSeconds`, so the queue can come back later instead of holding on.
 */
const MAX_HONOURED_RETRY_AFTER_MS = 60_000;

function withAttempts(error: AppError, attempts: number): AppError {
  if (attempts < 2) return error;
  return { ...error, detail: `${error.detail ?? ''}\nGave up after ${attempts} attempts.`.trim() };
}

/**
 * Downloads with retries. A GET is never charged, so a passing failure (broken connection,
 * timeout, 5xx, 429) is simply tried again after an exponential backoff, or after the server's
 * `Retry-After` when that is longer. A cancel stops at once, mid-transfer or mid-wait.
 */
export async function downloadWithRetries(url: string, options: DownloadRetryOptions): Promise<Result<ReceivedImage>> {
  const attempts = Math.max(1, Math.floor(options.attempts));
  for (let attempt = 1; ; attempt += 1) {
    if (options.signal?.aborted) return fail(downloadCancelled(url));
    const result = await downloadOnce(url, options);
    if (result.ok) return ok(result.value);
    if (!result.retryable || attempt >= attempts) return fail(withAttempts(result.error, attempt));

    const backoff = options.backoffMs * 2 ** (attempt - 1);
    const askedMs = (result.error.retryAfterSeconds ?? 0) * 1000;
    if (askedMs > MAX_HONOURED_RETRY_AFTER_MS) return fail(withAttempts(result.error, attempt));
    await options.sleep(Math.max(backoff, askedMs), options.signal);
  }
}
