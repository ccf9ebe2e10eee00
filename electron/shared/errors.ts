/**
 * Expected failures cross IPC as data, never as thrown errors (ARCHITECTURE rule 6).
 * `message` is one plain sentence for the user; `detail` is the raw material behind a "Details"
 * toggle (response body, status), always with the API key redacted.
 */
export const ERROR_CODES = [
  'invalid-input',
  'no-key',
  'keychain-unavailable',
  'unauthorized',
  'out-of-credits',
  'bad-request',
  'not-found',
  'rate-limited',
  'server-error',
  'unavailable',
  'bad-response',
  'network',
  'timeout',
  'cancelled',
  'content-violation',
  'download-failed',
  'storage',
  'not-found-locally',
  'budget-exceeded',
  'interrupted',
  'internal',
] as const;
export type AppErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: AppErrorCode;
  message: string;
  detail?: string;
  /** HTTP status, when the API answered. */
  status?: number;
  /** The API's request id, when known: support asks for it. */
  requestId?: string;
  /** True when the API may have charged for this request, so it must not be re-sent silently. */
  mayHaveBeenCharged?: boolean;
  /** Seconds the API asked us to wait (`Retry-After`), when it said. */
  retryAfterSeconds?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: AppError): { ok: false; error: AppError } => ({ ok: false, error });
export const appError = (code: AppErrorCode, message: string, extra: Omit<AppError, 'code' | 'message'> = {}): AppError => ({
  code,
  message,
  ...extra,
});

/** What went wrong, in words: an Error's message, or whatever else was thrown, as text. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The `code` a thrown error carries (Node's `ENOENT`, `EXDEV` …, SQLite's `ERR_SQLITE_ERROR`) as
 * text, undefined when it has none. Without Node's types: this file is runtime-neutral.
 */
export function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error) || error.code === undefined) return undefined;
  return String(error.code);
}
