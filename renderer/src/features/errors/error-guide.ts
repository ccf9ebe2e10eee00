import type { AppError } from '../../../../electron/shared/errors';

/**
 * What the user can do about an error, besides reading main's message:
 * - open-key-settings / open-settings / open-billing: a button in the alert itself;
 * - retry / download-again: the job's own button of that name (the composer has no job to act on).
 */
export type ErrorAction = 'open-key-settings' | 'open-settings' | 'open-billing' | 'retry' | 'download-again' | null;

export interface ErrorGuide {
  /**
   * A few words for a compact place (a failed tile in the gallery). Where there is room, main's
   * message is the one sentence shown: it already says what happened and what to do, so the
   * reason is not repeated above it.
   */
  reason: string;
  action: ErrorAction;
}

/** The one place that maps an AppError code to a short reason and the action that fixes it. */
export function errorGuide(error: AppError): ErrorGuide {
  switch (error.code) {
    case 'no-key':
      return { reason: 'No API key yet', action: 'open-key-settings' };
    case 'unauthorized':
      return { reason: 'API key not accepted', action: 'open-key-settings' };
    case 'keychain-unavailable':
      return { reason: 'API key could not be read', action: 'open-key-settings' };
    case 'out-of-credits':
      return { reason: 'Out of credits', action: 'open-billing' };
    case 'rate-limited':
      return { reason: 'Too many requests', action: 'retry' };
    case 'content-violation':
      return { reason: 'Refused by the content policy', action: null };
    case 'timeout':
      return { reason: 'No answer in time', action: 'retry' };
    case 'network':
      return { reason: 'API not reachable', action: 'retry' };
    case 'server-error':
    case 'unavailable':
      return { reason: 'The image service failed', action: 'retry' };
    case 'bad-response':
      return { reason: 'Unreadable answer', action: 'retry' };
    case 'download-failed':
      return { reason: 'Download failed', action: 'download-again' };
    case 'budget-exceeded':
      return { reason: 'Daily budget reached', action: 'open-settings' };
    case 'invalid-input':
    case 'bad-request':
      return { reason: 'Request not accepted', action: null };
    case 'cancelled':
      return { reason: 'Cancelled', action: null };
    case 'interrupted':
      return { reason: 'Interrupted', action: null };
    case 'storage':
      return { reason: 'Could not be saved', action: 'retry' };
    case 'not-found':
    case 'not-found-locally':
    case 'internal':
    default:
      return { reason: 'Something went wrong', action: null };
  }
}
