import { ApiBaseUrl, MODEL_ID, type AspectRatio, type ImageMimeType } from '../../shared/domain';
import { appError, fail, ok, type AppError, type Result } from '../../shared/errors';
import {
  badResponse,
  cancelledError,
  contentViolation,
  errorForStatus,
  networkError,
  redirectedResponse,
  timeoutError,
  type ApiAnswer,
} from './aiml-errors';
import { parseJson, readErrorEnvelope, readSuccessBody, type ImageItem } from './aiml-response';
import { readCappedBody } from './capped-body';
import { runWithDeadline } from './deadline';
import { decodeBase64Image, downloadImage, type DownloadedImage } from './image-download';
import { describeNetworkFailure } from './network-failure';
import { createRedactor, type Redactor } from './redact';

export interface CreateImageRequest {
  baseUrl: string;
  apiKey: string;
  prompt: string;
  aspectRatio: AspectRatio;
  signal?: AbortSignal;
}

export interface GeneratedImage {
  bytes: Uint8Array;
  mimeType: ImageMimeType;
  /** `rsid-…`; support asks for it. */
  requestId: string | null;
  credits: number | null;
  /** Where the image was downloaded from; null when it came inline as base64 without a link. */
  sourceUrl: string | null;
}

export interface AimlClientOptions {
  fetch?: typeof fetch;
  /** Limit for the generation request, body included; default 120 s (generations take 10–60 s). */
  requestTimeoutMs?: number;
  /** Limit for downloading the image; default 60 s. */
  downloadTimeoutMs?: number;
  /** Largest image accepted, downloaded or inline; default 40 MiB (real images are about 2 MB). */
  maxDownloadBytes?: number;
}

export interface AimlClient {
  /** One generation: exactly one POST, never retried, since every POST may be charged. */
  createImage(request: CreateImageRequest): Promise<Result<GeneratedImage>>;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
const DEFAULT_DOWNLOAD_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_DOWNLOAD_BYTES = 40 * 1024 * 1024;

/** Room for the JSON around an inline image, which base64 makes 4/3 of its size. */
const jsonBodyLimit = (maxImageBytes: number) => Math.ceil((maxImageBytes * 4) / 3) + 1024 * 1024;

/** The same rule the Settings form applies to a pasted key; a key outside it cannot be sent as a header. */
const SENDABLE_KEY = /^[\x21-\x7e]+$/;

interface Limits {
  requestTimeoutMs: number;
  downloadTimeoutMs: number;
  maxDownloadBytes: number;
}

/** Redacts the key out of every text an error carries: the single gate before a result leaves. */
function redactResult<T>(result: Result<T>, redactor: Redactor): Result<T> {
  if (result.ok) return result;
  const { message, detail, requestId } = result.error;
  return fail({
    ...result.error,
    message: redactor.text(message),
    ...(detail !== undefined ? { detail: redactor.text(detail) } : {}),
    ...(requestId !== undefined ? { requestId: redactor.text(requestId) } : {}),
  });
}

function withCharge(error: AppError, requestId: string | null, credits: number | null): AppError {
  const creditsLine = credits === null ? '' : `\nCredits reported by the API: ${credits}`;
  return {
    ...error,
    mayHaveBeenCharged: true,
    ...(requestId ? { requestId } : {}),
    detail: `${error.detail ?? ''}${creditsLine}`.trim(),
  };
}

function checkRequest(request: CreateImageRequest): { ok: true; endpoint: URL } | { ok: false; error: AppError } {
  if (request.apiKey.length === 0) {
    return fail(appError('no-key', 'Add your AI/ML API key in Settings first.', { mayHaveBeenCharged: false }));
  }
  if (!SENDABLE_KEY.test(request.apiKey)) {
    return fail(
      appError('unauthorized', 'The saved API key contains characters a key cannot have; save the key again in Settings.', {
        mayHaveBeenCharged: false,
      }),
    );
  }
  const baseUrl = ApiBaseUrl.safeParse(request.baseUrl);
  if (!baseUrl.success) {
    return fail(
      appError('invalid-input', 'The API address cannot be used; set an https:// address in Settings (plain http:// only for this machine).', {
        detail: `API address: ${request.baseUrl}`,
        mayHaveBeenCharged: false,
      }),
    );
  }
  return { ok: true, endpoint: new URL(`${baseUrl.data}/images/generations`) };
}

export function createAimlClient(options: AimlClientOptions = {}): AimlClient {
  const fetchImpl = options.fetch ?? fetch;
  const limits: Limits = {
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    downloadTimeoutMs: options.downloadTimeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS,
    maxDownloadBytes: options.maxDownloadBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES,
  };

  async function imageFrom(
    item: ImageItem,
    request: CreateImageRequest,
    answer: ApiAnswer,
  ): Promise<Result<{ image: DownloadedImage; sourceUrl: string | null }>> {
    if (item.b64Json !== null) {
      const decoded = decodeBase64Image(item.b64Json, limits.maxDownloadBytes);
      if (!decoded.ok) return fail(badResponse(answer, decoded.reason, item.requestId));
      return ok({ image: decoded.image, sourceUrl: item.url });
    }
    if (item.url === null) return fail(badResponse(answer, 'the image had neither "url" nor "b64_json"', item.requestId));
    const downloaded = await downloadImage(item.url, {
      fetch: fetchImpl,
      baseUrl: request.baseUrl,
      maxBytes: limits.maxDownloadBytes,
      timeoutMs: limits.downloadTimeoutMs,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    return downloaded.ok ? ok({ image: downloaded.value, sourceUrl: item.url }) : fail(downloaded.error);
  }

  async function generate(request: CreateImageRequest, redactor: Redactor): Promise<Result<GeneratedImage>> {
    const checked = checkRequest(request);
    if (!checked.ok) return checked;
    const { endpoint } = checked;
    if (request.signal?.aborted) return fail(cancelledError(false));

    const posted = await runWithDeadline(limits.requestTimeoutMs, request.signal, async (signal) => {
      const response = await fetchImpl(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${request.apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ model: MODEL_ID, prompt: request.prompt, aspect_ratio: request.aspectRatio }),
        // A redirect would carry the key somewhere the user did not configure; it is reported instead.
        redirect: 'manual',
        signal,
      });
      return { response, body: await readCappedBody(response.body, jsonBodyLimit(limits.maxDownloadBytes)) };
    });
    if (posted.outcome === 'cancelled') return fail(cancelledError(true));
    if (posted.outcome === 'timeout') return fail(timeoutError(limits.requestTimeoutMs, endpoint));
    if (posted.outcome === 'failed') return fail(networkError(describeNetworkFailure(posted.error), endpoint));

    const { response, body } = posted.value;
    const text = body.ok ? new TextDecoder().decode(body.bytes) : '';
    const parsedBody = parseJson(text);
    const answer: ApiAnswer = {
      status: response.status,
      endpoint: endpoint.href,
      bodySnippet: body.ok ? redactor.snippet(text) : `(body over ${body.tooLargeAfter} bytes, not kept)`,
      retryAfter: response.headers.get('retry-after'),
      envelope: parsedBody.ok ? readErrorEnvelope(parsedBody.value) : null,
    };

    const isSuccess = response.status >= 200 && response.status < 300;
    if (response.status >= 300 && response.status < 400) return fail(redirectedResponse(answer, response.headers.get('location')));
    if (!isSuccess) return fail(errorForStatus(answer));
    if (!body.ok) return fail(badResponse(answer, 'the body was larger than any image answer can be', null));

    const reading = readSuccessBody(text);
    if (reading.kind === 'error-envelope') return fail(errorForStatus(answer, reading.envelope.statusCode ?? response.status));
    if (reading.kind === 'unreadable') return fail(badResponse(answer, reading.reason, null));
    const [item] = reading.items;
    if (item === undefined) return fail(badResponse(answer, 'the "data" list held no image', null));
    if (item.contentViolation) return fail(contentViolation(answer, item.requestId));

    const image = await imageFrom(item, request, answer);
    if (!image.ok) return fail(withCharge(image.error, item.requestId, reading.credits));
    return ok({
      bytes: image.value.image.bytes,
      mimeType: image.value.image.mimeType,
      requestId: item.requestId,
      credits: reading.credits,
      sourceUrl: image.value.sourceUrl,
    });
  }

  return {
    async createImage(request) {
      const redactor = createRedactor([request.apiKey]);
      try {
        return redactResult(await generate(request, redactor), redactor);
      } catch (error) {
        // Only a bug lands here; it still leaves as data, and still without the key.
        const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        return redactResult(
          fail(appError('internal', 'Something unexpected went wrong while talking to the API; see the details.', { detail, mayHaveBeenCharged: true })),
          redactor,
        );
      }
    },
  };
}
