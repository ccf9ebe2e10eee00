import { appError, fail, type AppError, type Result } from '../../../shared/errors';
import type { ImageProvenance } from './provenance';
import { createRedactor, showsRedaction, type Redactor } from '../redact';

/**
 * The one gate every string that came from the API passes before it leaves the API client: error
 * sentences and details, request ids and image links, of a success as much as of a failure. What
 * leaves the client is what the queue stores (jobs, library rows, sidecars) and what IPC shows, and
 * everything downstream (exports, manifests, backups) is made from those, so redacting here keeps
 * the key out of all of them, whatever the API echoed and however it encoded it.
 * The body snippet is redacted earlier as well: before it is cut, so a key on the cut is not halved.
 */
export interface ApiOutputGate {
  readonly redactor: Redactor;
  error(error: AppError): AppError;
  provenance<T extends ImageProvenance>(value: T): T;
  /** A result with its error, and with `value` when given, through the gate. */
  result<T>(result: Result<T>, value?: (value: T) => T): Result<T>;
  /** Why `url` must not be fetched (it carries the key, or a redacted key), or null. */
  linkRefusal(url: string): AppError | null;
}

export function createApiOutputGate(apiKey: string | null): ApiOutputGate {
  const redactor = createRedactor(apiKey === null ? [] : [apiKey]);
  const redactOptional = (text: string | null) => (text === null ? null : redactor.text(text));

  const error = (input: AppError): AppError => ({
    ...input,
    message: redactor.text(input.message),
    ...(input.detail !== undefined ? { detail: redactor.text(input.detail) } : {}),
    ...(input.requestId !== undefined ? { requestId: redactor.text(input.requestId) } : {}),
  });

  return {
    redactor,
    error,
    provenance: (value) => ({
      ...value,
      requestId: redactOptional(value.requestId),
      sourceUrl: redactOptional(value.sourceUrl),
      ...(value.inferenceId !== undefined ? { inferenceId: redactOptional(value.inferenceId) } : {}),
    }),
    result: (result, value) => (result.ok ? (value ? { ok: true, value: value(result.value) } : result) : fail(error(result.error))),
    linkRefusal(url) {
      if (!redactor.holdsSecret(url) && !showsRedaction(url)) return null;
      // Fetching it would hand the key to whoever hosts the image; a link whose key was taken out cannot work anyway.
      return appError(
        'download-failed',
        'The image link the API gave contains your API key, so Reverie did not download it: that would hand the key to the image host. The request was charged; contact AI/ML API support with its request id.',
        { detail: `Image URL (key removed): ${redactor.text(url)}`, mayHaveBeenCharged: false },
      );
    },
  };
}
