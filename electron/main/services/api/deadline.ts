export type Settled<T> = { outcome: 'done'; value: T } | { outcome: 'timeout' } | { outcome: 'cancelled' } | { outcome: 'failed'; error: unknown };

/**
 * Runs `work` under a time limit and the caller's abort signal, and says which of the two stopped
 * it: a user's cancel and a deadline look alike to fetch (both are aborts) but mean different things.
 */
export async function runWithDeadline<T>(
  timeoutMs: number,
  userSignal: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<Settled<T>> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`No answer within ${timeoutMs} ms`)), timeoutMs);
  const signal = userSignal ? AbortSignal.any([userSignal, deadline.signal]) : deadline.signal;
  try {
    return { outcome: 'done', value: await work(signal) };
  } catch (error) {
    if (userSignal?.aborted) return { outcome: 'cancelled' };
    if (deadline.signal.aborted) return { outcome: 'timeout' };
    return { outcome: 'failed', error };
  } finally {
    clearTimeout(timer);
  }
}

/** "120 seconds", or "300 ms" for the short limits tests use. */
export function describeDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} seconds` : `${ms} ms`;
}
