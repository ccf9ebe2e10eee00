import { appError, messageOf, type AppError } from '../../../shared/errors';

/** The queue's own sentences for the user; the API client writes the ones about the API. */

export const interruptedError = (): AppError =>
  appError(
    'interrupted',
    'Reverie stopped while this request was out; it may have been charged. Retry sends it again (a new charge); Download again fetches the image if the API had already answered.',
    { mayHaveBeenCharged: true },
  );

export const noKeyError = (): AppError => appError('no-key', 'Add your AI/ML API key in Settings first.', { mayHaveBeenCharged: false });

export const keychainError = (error: unknown): AppError =>
  appError('keychain-unavailable', 'The API key could not be read from the system keychain; check Settings.', {
    detail: messageOf(error),
    mayHaveBeenCharged: false,
  });

export const closedError = (): AppError => appError('internal', 'Reverie is shutting down; the queue takes no more changes.');

export const unknownJobError = (): AppError => appError('invalid-input', 'That job is no longer in the queue.');

export function cancelledByUser(stage: 'waiting' | 'sending' | 'downloading', downloadable: boolean): AppError {
  if (stage === 'waiting') return appError('cancelled', 'Cancelled before it was sent, so nothing was charged.', { mayHaveBeenCharged: false });
  if (stage === 'sending') {
    return appError('cancelled', 'Cancelled while the request was out; the API may still charge for it.', { mayHaveBeenCharged: true });
  }
  return appError(
    'cancelled',
    downloadable
      ? 'Cancelled while the image was downloading; it was paid for, and Download again fetches it.'
      : 'Cancelled after the API had answered, so it was charged.',
    { mayHaveBeenCharged: true },
  );
}

export function storageError(error: unknown, downloadable: boolean, keptAt: string | null = null): AppError {
  const kept = keptAt ? ` The image itself is kept at ${keptAt}.` : '';
  return appError(
    'storage',
    downloadable
      ? `The image arrived but could not be saved to the library folder; check free disk space and permissions, then use Download again.${kept}`
      : `The image arrived but could not be saved to the library folder; check free disk space and permissions.${kept}`,
    { detail: messageOf(error), mayHaveBeenCharged: true },
  );
}

export const bugError = (error: unknown, mayHaveBeenCharged: boolean): AppError =>
  appError('internal', 'Something unexpected went wrong with this job; see the details.', {
    detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    mayHaveBeenCharged,
  });

/** The paid image is safe in its receipt but not in the library yet: the next start files it, so nothing is to be fetched again. */
export const receiptKeptError = (error: unknown, keptAt: string): AppError =>
  appError(
    'storage',
    `The image arrived and is kept safely at ${keptAt}, but could not be added to the library; check free disk space and permissions. Reverie adds it at the next start.`,
    { detail: messageOf(error), mayHaveBeenCharged: true },
  );
