import type { AppError } from '../../../../electron/shared/errors';

/**
 * What the user can do about an error, besides reading main's message:
 * - open-key-settings / open-settings / open-billing: a button in the alert itself;
 * - retry / download-again: the job's own button of that name (the composer has no job to act on).
 */
export type ErrorAction = 'open-key-settings' | 'open-settings' | 'open-billing' | 'retry' | 'download-again' | null;

export interface ErrorGuide {
  title: string;
  hint: string | null;
  action: ErrorAction;
}

const CHARGED_HINT = 'This request may have been charged, so Reverie did not send it again by itself. Retry sends a new request, charged again.';

/** The one place that maps an AppError code to a headline, a hint and an action. */
export function errorGuide(error: AppError): ErrorGuide {
  const charged = error.mayHaveBeenCharged ? CHARGED_HINT : null;
  switch (error.code) {
    case 'no-key':
      return { title: 'No API key yet', hint: 'Add your AI/ML API key in Settings.', action: 'open-key-settings' };
    case 'unauthorized':
      return { title: 'The API key was not accepted', hint: 'Check or replace your AI/ML API key in Settings.', action: 'open-key-settings' };
    case 'out-of-credits':
      return {
        title: 'Out of credits',
        hint: 'Top up your AI/ML API balance on the billing page, then retry.',
        action: 'open-billing',
      };
    case 'rate-limited':
      return {
        title: 'Too many requests',
        hint:
          error.retryAfterSeconds !== undefined
            ? `The API asked Reverie to wait ${error.retryAfterSeconds} s before sending again.`
            : 'The API asked Reverie to slow down. Wait a moment before sending again.',
        action: 'retry',
      };
    case 'content-violation':
      return {
        title: 'Refused under the content policy',
        hint: 'The image service declined this prompt because of its content policy. Rephrase it and try again.',
        action: null,
      };
    case 'server-error':
    case 'unavailable':
    case 'timeout':
    case 'network':
    case 'bad-response':
      return { title: 'The image could not be generated', hint: charged, action: 'retry' };
    case 'download-failed':
      return {
        title: 'The image could not be downloaded',
        hint: 'The image was made (and paid for). Download again fetches it from the API’s link without a new charge.',
        action: 'download-again',
      };
    case 'budget-exceeded':
      return {
        title: 'Daily budget reached',
        hint: 'Raise or remove the daily budget in Settings to keep generating today.',
        action: 'open-settings',
      };
    case 'invalid-input':
    case 'bad-request':
      return { title: 'The request was not accepted', hint: null, action: null };
    case 'cancelled':
      return { title: 'Cancelled', hint: null, action: null };
    case 'keychain-unavailable':
    case 'not-found':
    case 'storage':
    case 'not-found-locally':
    case 'interrupted':
    case 'internal':
    default:
      return { title: 'Something went wrong', hint: charged, action: null };
  }
}
