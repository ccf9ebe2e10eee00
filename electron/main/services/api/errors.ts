import { appError, type AppError } from '../../../shared/errors';
import type { ErrorEnvelope } from './response';
import { describeDuration } from './deadline';
import type { NetworkFailure } from './network-failure';
import { parseRetryAfter } from './retry-after';

/**
 * Turns each way a generation request can fail into one plain, actionable sentence plus the raw
 * material behind it. Callers pass bodies already redacted; the client redacts the result again.
 */

/** An API message longer than this goes to the detail only; the sentence must stay readable. */
const MAX_QUOTED_MESSAGE = 300;

export interface ApiAnswer {
  status: number;
  /** The generation URL that was posted to. */
  endpoint: string;
  /** A bounded, redacted excerpt of the body. */
  bodySnippet: string;
  retryAfter: string | null;
  envelope: ErrorEnvelope | null;
  /** The answer's `x-inference-id`, for support; null when it sent none. */
  inferenceId?: string | null;
}

export function answerDetail(answer: ApiAnswer, note?: string): string {
  return [
    `HTTP ${answer.status} from POST ${answer.endpoint}`,
    note,
    answer.envelope?.requestId ? `Request id: ${answer.envelope.requestId}` : undefined,
    answer.inferenceId ? `Inference id: ${answer.inferenceId}` : undefined,
    answer.retryAfter !== null ? `Retry-After: ${answer.retryAfter}` : undefined,
    answer.bodySnippet === '' ? 'Response body: (empty)' : `Response body:\n${answer.bodySnippet}`,
  ]
    .filter((line): line is string => line !== undefined)
    .join('\n');
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function statusMessage(status: number, apiMessage: string | null, retryAfter: string | null): { code: AppError['code']; message: string } {
  if (status === 400 || status === 413 || status === 422) {
    const quoted = apiMessage && apiMessage.length <= MAX_QUOTED_MESSAGE ? `: ${sentence(apiMessage)}` : '; check the prompt and aspect ratio.';
    return { code: 'bad-request', message: `The API rejected the request${quoted}` };
  }
  if (status === 401) {
    return { code: 'unauthorized', message: 'The API did not accept the API key; check the key in Settings.' };
  }
  if (status === 402 || status === 403) {
    return {
      code: 'out-of-credits',
      message: 'The AI/ML API account is out of credits; top up the balance at aimlapi.com, then try again.',
    };
  }
  if (status === 404) {
    return { code: 'not-found', message: 'The API does not know this address or model; check the API address in Settings.' };
  }
  if (status === 429) {
    const seconds = parseRetryAfter(retryAfter);
    const wait = seconds === null ? 'wait a minute' : `wait ${seconds} second${seconds === 1 ? '' : 's'}`;
    return { code: 'rate-limited', message: `The API is limiting how often it can be called; ${wait} and try again.` };
  }
  if (status === 502 || status === 503 || status === 504) {
    const what = /generation timeout/i.test(apiMessage ?? '')
      ? 'The API gave up generating the image in time'
      : `The API is unavailable right now (HTTP ${status})`;
    return { code: 'unavailable', message: `${what}; try again in a few minutes.` };
  }
  if (status >= 500) {
    if (/under maintenance/i.test(apiMessage ?? '')) {
      return { code: 'server-error', message: 'The model is under maintenance at the API; try again later.' };
    }
    return { code: 'server-error', message: `The API failed with an internal error (HTTP ${status}); try again in a few minutes.` };
  }
  return { code: 'bad-request', message: `The API refused the request (HTTP ${status}); see the details.` };
}

/**
 * A non-2xx answer. `meaning` differs from the HTTP status only for a 2xx whose body is an error
 * envelope: then the envelope's status says what happened.
 */
export function errorForStatus(answer: ApiAnswer, meaning = answer.status): AppError {
  const { code, message } = statusMessage(meaning, answer.envelope?.message ?? null, answer.retryAfter);
  const requestId = answer.envelope?.requestId;
  // Only the statuses that mean "come back later" carry a wait; elsewhere the header says nothing useful.
  const retryAfterSeconds = meaning === 429 || meaning === 503 ? parseRetryAfter(answer.retryAfter) : null;
  return appError(code, message, {
    status: answer.status,
    detail: answerDetail(answer),
    // A 4xx is refused before any work; a 5xx may come after the model ran, and it may be billed.
    mayHaveBeenCharged: meaning >= 500,
    ...(requestId ? { requestId } : {}),
    ...(retryAfterSeconds !== null ? { retryAfterSeconds } : {}),
  });
}

/** A 2xx that carries no usable image: the request was accepted, so it may have been charged. */
export function badResponse(answer: ApiAnswer, reason: string, requestId: string | null): AppError {
  return appError('bad-response', 'The API answered in a way Reverie cannot read; the request may have been charged, so it was not sent again.', {
    status: answer.status,
    detail: answerDetail(answer, `Problem: ${reason}`),
    mayHaveBeenCharged: true,
    ...(requestId ? { requestId } : {}),
  });
}

/** A redirect from the API address: never followed, so the key never travels to another place. */
export function redirectedResponse(answer: ApiAnswer, location: string | null): AppError {
  return appError('bad-response', 'The API address redirects elsewhere; check the API address in Settings.', {
    status: answer.status,
    detail: answerDetail(answer, `Location: ${location ?? '(none)'}`),
    mayHaveBeenCharged: false,
  });
}

export function contentViolation(answer: ApiAnswer, requestId: string | null): AppError {
  return appError('content-violation', 'The API refused this prompt on content-policy grounds, so no image was made.', {
    status: answer.status,
    detail: answerDetail(answer),
    mayHaveBeenCharged: true,
    ...(requestId ? { requestId } : {}),
  });
}

export function networkError(failure: NetworkFailure, endpoint: URL): AppError {
  const detail = `POST ${endpoint.href}\n${failure.summary}`;
  if (!failure.maybeDelivered) {
    return appError('network', `Could not reach the API at ${endpoint.host}; check the internet connection and the API address in Settings.`, {
      detail,
      mayHaveBeenCharged: false,
    });
  }
  return appError('network', 'The connection to the API broke before it answered; the request may have been charged, so it was not sent again.', {
    detail,
    mayHaveBeenCharged: true,
  });
}

export function timeoutError(timeoutMs: number, endpoint: URL): AppError {
  return appError('timeout', `The API did not answer within ${describeDuration(timeoutMs)}; the request may have been charged, so it was not sent again.`, {
    detail: `POST ${endpoint.href}\nNo complete answer after ${timeoutMs} ms.`,
    mayHaveBeenCharged: true,
  });
}

/** `sent` is false only when the signal was already aborted and nothing left this machine. */
export function cancelledError(sent: boolean): AppError {
  return appError('cancelled', 'The generation was cancelled.', { mayHaveBeenCharged: sent });
}
