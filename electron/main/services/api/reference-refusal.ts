import { appError, type AppError } from '../../../shared/errors';
import { answerDetail, type ApiAnswer } from './errors';

/** Longer API words go to the detail only; the sentence must stay readable. */
const MAX_QUOTED = 200;

/** Mentions of the reference fields, or of an image, in a validation message. */
const ABOUT_THE_REFERENCE = /image_urls?|\bimage\b|base64|data uri|too large|payload/i;

/**
 * A 4xx that refused the reference image(s) of an edit or remix, as one clear sentence; null when the
 * refusal was about something else (the prompt, the key, credits). The API's validation message
 * names the field (`image_url: ...`, `image_urls.0: ...`); a 413 means the body was too large. A 4xx
 * is refused before any work, so nothing was charged; the request is never resent another way.
 */
export function referenceRefusal(answer: ApiAnswer): AppError | null {
  const { status } = answer;
  // The API's generic opening ("Body validation error!") says nothing the sentence does not; the field's words do.
  const words = (answer.envelope?.message ?? '').replace(/^\s*body validation error!?\s*/i, '');
  const isAboutReference = status === 413 || ((status === 400 || status === 422) && ABOUT_THE_REFERENCE.test(words));
  if (!isAboutReference) return null;
  const reason =
    status === 413
      ? 'it was too large for the API (HTTP 413).'
      : words.length > 0 && words.length <= MAX_QUOTED
        ? `${words.trim().replace(/[.!?]?$/, '.')}`
        : `it answered HTTP ${status}; see the details.`;
  return appError('bad-request', `The API did not accept the reference image: ${reason}`, {
    status,
    detail: answerDetail(answer),
    mayHaveBeenCharged: false,
    ...(answer.envelope?.requestId ? { requestId: answer.envelope.requestId } : {}),
  });
}
