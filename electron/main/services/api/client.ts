import { ApiBaseUrl, type GenerationParams } from '../../../shared/domain';
import { appError, fail, ok, type AppError, type Result } from '../../../shared/errors';
import { badResponse, cancelledError, contentViolation, errorForStatus, networkError, redirectedResponse, timeoutError, type ApiAnswer } from './errors';
import { bodyKindOf, looksLikeJson, parseJson, readErrorEnvelope, readSuccessBody, type ImageItem } from './response';
import { readCappedBody, type CappedBody } from './capped-body';
import { runWithDeadline } from './deadline';
import { downloadWithRetries, sleep as realSleep, type Sleep } from './download-retry';
import type { DownloadTransport } from './download-transport';
import { IncomingFileError, receiveImage, storageError, type Incoming, type ReceivedImage } from './incoming-file';
import { receiveInlineImage } from './inline-image';
import type { ImageProvenance } from './provenance';
import { megabytes } from '../megabytes';
import { describeNetworkFailure } from './network-failure';
import { createPinnedTransport } from './pinned-transport';
import { createApiOutputGate, type ApiOutputGate } from './output-gate';
import { isSendableClientRequestId, readHeaderCredits, readInferenceId } from './answer-headers';
import { referenceRefusal } from './reference-refusal';

export type { ReceivedImage } from './incoming-file';
export type { Sleep } from './download-retry';

export interface CreateImageRequest {
  baseUrl: string;
  apiKey: string;
  params: GenerationParams;
  /**
   * The source images as `data:image/...;base64,` URIs, in the order of `params.sources`
   * (reference-image.ts makes them): one for an edit, 1–4 for a remix, none for a create.
   */
  references?: readonly string[];
  /** Sent as `X-Client-Request-Id` (the job's id) when within the API's [A-Za-z0-9._:-]{1,128}. */
  clientRequestId?: string;
  /**
   * Called with the answer's `x-inference-id` as soon as the headers are in, whatever the status:
   * a failed request that may have been charged still names the inference support asks for.
   */
  onInferenceId?: (inferenceId: string) => void;
  signal?: AbortSignal;
  /**
   * Called once the API has answered 2xx with a link (or a raw image body), before downloading it:
   * the queue records these first so a paid image is never lost track of. Not called for an inline
   * base64 image, whose provenance comes back with it (see `generate`).
   */
  onResponse?: (info: ImageProvenance) => void;
}

export interface GeneratedImage extends ImageProvenance {
  image: ReceivedImage;
}

export interface DownloadAgainRequest {
  url: string;
  /** The API key, only to recognise it in the link and in what the download answers; never sent. */
  apiKey?: string | null;
  /** The configured API address: its origin is trusted even over plain http. */
  baseUrl: string;
  signal?: AbortSignal;
}

export interface AimlClientOptions {
  /** The image store's `incoming/` folder: images land there as temp files, on the library's file system. */
  incomingDir: string;
  /** The POST to the API; default Node's fetch. */
  fetch?: typeof fetch;
  /** The image downloads (GET), which check where a link leads; default direct and pinned (pinned-transport.ts). */
  downloadTransport?: DownloadTransport;
  /** Limit for the generation request, body included; default 120 s (generations take 10–60 s). */
  requestTimeoutMs?: number;
  /** Limit for one download attempt; default 60 s. */
  downloadTimeoutMs?: number;
  /** Largest image accepted, downloaded, inline or raw; default 40 MiB (real images are about 2 MB). */
  maxDownloadBytes?: number;
  /** Tries per image download (GET), the first included; default 3. */
  downloadAttempts?: number;
  /** Wait before the second download try, doubled before each later one; default 1000 ms. */
  downloadBackoffMs?: number;
  /** How the backoff waits; tests pass one that records instead of sleeping. */
  sleep?: Sleep;
}

export interface AimlClient {
  /**
   * One generation: exactly one POST, never retried, since every POST may be charged. On success the
   * image is a temp file in `incomingDir` that the caller must adopt or delete; on any failure or
   * cancel no file is left.
   */
  createImage(request: CreateImageRequest): Promise<Result<GeneratedImage>>;
  /** GET only, never a new charge: fetches a paid image again from the URL the API gave. */
  downloadAgain(request: DownloadAgainRequest): Promise<Result<ReceivedImage>>;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
const DEFAULT_DOWNLOAD_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_DOWNLOAD_BYTES = 40 * 1024 * 1024;
const DEFAULT_DOWNLOAD_ATTEMPTS = 3;
const DEFAULT_DOWNLOAD_BACKOFF_MS = 1000;

/** Room for the JSON around an inline image, which base64 makes 4/3 of its size. */
const jsonBodyLimit = (maxImageBytes: number) => Math.ceil((maxImageBytes * 4) / 3) + 1024 * 1024;

/** The same rule the Settings form applies to a pasted key; a key outside it cannot be sent as a header. */
const SENDABLE_KEY = /^[\x21-\x7e]+$/;

/** A raw image answer names no request id and no link; its headers may still say what it cost. */
function rawProvenance(response: Response, request: CreateImageRequest): ImageProvenance {
  return { requestId: null, sourceUrl: null, ...headerProvenance(response, request, null) };
}

/** What the answer's headers say: the inference id and the cost (headers first, then `meta.usage`). */
function headerProvenance(
  response: Response,
  request: CreateImageRequest,
  bodyCredits: number | null,
): Pick<ImageProvenance, 'credits' | 'inferenceId' | 'clientRequestId'> {
  return {
    credits: readHeaderCredits(response.headers) ?? bodyCredits,
    inferenceId: readInferenceId(response.headers),
    clientRequestId: isSendableClientRequestId(request.clientRequestId) ? request.clientRequestId : null,
  };
}

/** `onResponse` threw inside the request deadline: a caller's bug, not a broken connection. */
class CallbackFailure extends Error {
  constructor(readonly original: unknown) {
    super('onResponse threw');
  }
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

/** Only a bug lands here; it still leaves as data. */
function internalError(error: unknown, mayHaveBeenCharged: boolean): { ok: false; error: AppError } {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return fail(appError('internal', 'Something unexpected went wrong while talking to the API; see the details.', { detail, mayHaveBeenCharged }));
}

/**
 * The body per model (reference/aiml-reve-api.md): create `{prompt, aspect_ratio}`; edit
 * `{prompt, image_url}` and no aspect_ratio (the output follows the input); remix `{prompt,
 * image_urls, aspect_ratio}`.
 */
export function requestBody(params: GenerationParams, references: readonly string[] = []): Record<string, unknown> {
  const shape =
    params.model === 'reve/edit-image'
      ? { image_url: references[0] }
      : params.model === 'reve/remix-edit-image'
        ? { image_urls: [...references], aspect_ratio: params.aspectRatio }
        : { aspect_ratio: params.aspectRatio };
  return {
    model: params.model,
    prompt: params.prompt,
    ...shape,
    // Only what differs from the API's defaults is sent: a field left out cannot be misread.
    ...(params.delivery === 'base64' ? { convert_base64_to_url: false } : {}),
    ...(params.outputFormat !== null ? { output_format: params.outputFormat } : {}),
  };
}

/** Whether the references match what the model takes; checked before anything is sent. */
function referencesProblem(params: GenerationParams, references: readonly string[]): string | null {
  if (references.length !== params.sources.length) return `${params.sources.length} source images were asked for, ${references.length} were prepared`;
  if (params.model === 'reve/create-image') return references.length === 0 ? null : 'a create takes no reference image';
  if (params.model === 'reve/edit-image') return references.length === 1 ? null : 'an edit takes exactly one source image';
  return references.length >= 1 && references.length <= 4 ? null : 'a remix takes 1 to 4 reference images';
}

function checkRequest(request: CreateImageRequest): { ok: true; endpoint: URL } | { ok: false; error: AppError } {
  const problem = referencesProblem(request.params, request.references ?? []);
  if (problem !== null) {
    return fail(
      appError('internal', 'The reference images for this request could not be put together; nothing was sent.', {
        detail: problem,
        mayHaveBeenCharged: false,
      }),
    );
  }
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

type Posted = { kind: 'image'; response: Response; received: Incoming } | { kind: 'text'; response: Response; body: CappedBody };

export function createAimlClient(options: AimlClientOptions): AimlClient {
  const fetchImpl = options.fetch ?? fetch;
  const { incomingDir } = options;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const maxBytes = options.maxDownloadBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
  const transport = options.downloadTransport ?? createPinnedTransport();

  const download = (url: string, baseUrl: string, signal: AbortSignal | undefined, gate: ApiOutputGate) =>
    downloadWithRetries(url, {
      transport,
      baseUrl,
      incomingDir,
      maxBytes,
      timeoutMs: options.downloadTimeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS,
      attempts: options.downloadAttempts ?? DEFAULT_DOWNLOAD_ATTEMPTS,
      backoffMs: options.downloadBackoffMs ?? DEFAULT_DOWNLOAD_BACKOFF_MS,
      sleep: options.sleep ?? realSleep,
      refuseHop: (hop) => gate.linkRefusal(hop) !== null,
      ...(signal ? { signal } : {}),
    });

  async function post(endpoint: URL, request: CreateImageRequest, signal: AbortSignal): Promise<Posted> {
    const response = await fetchImpl(endpoint, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${request.apiKey}`,
        'content-type': 'application/json',
        accept: request.params.outputFormat === null ? 'application/json' : 'application/json, image/*',
        ...(isSendableClientRequestId(request.clientRequestId) ? { 'x-client-request-id': request.clientRequestId } : {}),
      },
      body: JSON.stringify(requestBody(request.params, request.references)),
      // A redirect would carry the key somewhere the user did not configure; it is reported instead.
      redirect: 'manual',
      signal,
    });
    const isSuccess = response.status >= 200 && response.status < 300;
    if (isSuccess && bodyKindOf(response.headers.get('content-type')) === 'image') {
      try {
        request.onResponse?.(rawProvenance(response, request));
      } catch (error) {
        await response.body?.cancel().catch(() => undefined);
        throw new CallbackFailure(error);
      }
      return { kind: 'image', response, received: await receiveImage(response.body, incomingDir, maxBytes) };
    }
    return { kind: 'text', response, body: await readCappedBody(response.body, jsonBodyLimit(maxBytes)) };
  }

  /** The image an answer item points to: inline base64 written out, or the link downloaded. */
  async function receiveItem(item: ImageItem, request: CreateImageRequest, answer: ApiAnswer, gate: ApiOutputGate): Promise<Result<ReceivedImage>> {
    if (item.b64Json !== null) {
      try {
        const inline = await receiveInlineImage(item.b64Json, incomingDir, maxBytes);
        return inline.ok ? ok(inline.image) : fail(badResponse(answer, inline.reason, item.requestId));
      } catch (error) {
        if (error instanceof IncomingFileError) return fail(storageError(error, 'the base64 image in the answer'));
        throw error;
      }
    }
    if (item.url === null) return fail(badResponse(answer, 'the image had neither "url" nor "b64_json"', item.requestId));
    const refusal = gate.linkRefusal(item.url);
    if (refusal !== null) return fail(refusal);
    return download(item.url, request.baseUrl, request.signal, gate);
  }

  function rawImage(received: Incoming, answer: ApiAnswer, provenance: ImageProvenance): Result<GeneratedImage> {
    if (received.ok) return ok({ ...provenance, image: received.image });
    const reason =
      received.problem === 'too-large'
        ? `the image in the body passed the ${megabytes(maxBytes)} limit (stopped after ${received.after} bytes)`
        : `the body was declared an image but is not a PNG, JPEG or WebP image (${received.byteSize} bytes read)`;
    return fail(badResponse(answer, reason, null));
  }

  async function generate(request: CreateImageRequest, gate: ApiOutputGate): Promise<Result<GeneratedImage>> {
    const checked = checkRequest(request);
    if (!checked.ok) return checked;
    const { endpoint } = checked;
    if (request.signal?.aborted) return fail(cancelledError(false));

    const posted = await runWithDeadline(requestTimeoutMs, request.signal, (signal) => post(endpoint, request, signal));
    if (posted.outcome === 'cancelled') return fail(cancelledError(true));
    if (posted.outcome === 'timeout') return fail(timeoutError(requestTimeoutMs, endpoint));
    if (posted.outcome === 'failed') {
      if (posted.error instanceof CallbackFailure) throw posted.error.original;
      if (posted.error instanceof IncomingFileError) return fail(withCharge(storageError(posted.error, `the answer to POST ${endpoint.href}`), null, null));
      return fail(networkError(describeNetworkFailure(posted.error), endpoint));
    }

    const { response } = posted.value;
    const inferenceId = readInferenceId(response.headers);
    if (inferenceId !== null) request.onInferenceId?.(inferenceId);
    const contentType = response.headers.get('content-type');
    const retryAfter = response.headers.get('retry-after');
    if (posted.value.kind === 'image') {
      const bodySnippet = `(an image body, ${contentType ?? 'untyped'}, not shown)`;
      const answer = {
        status: response.status,
        endpoint: endpoint.href,
        bodySnippet,
        retryAfter,
        envelope: null,
        inferenceId: readInferenceId(response.headers),
      };
      return rawImage(posted.value.received, answer, rawProvenance(response, request));
    }

    const { body } = posted.value;
    const text = body.ok ? new TextDecoder().decode(body.bytes) : '';
    const parsedBody = parseJson(text);
    const answer: ApiAnswer = {
      status: response.status,
      endpoint: endpoint.href,
      bodySnippet: body.ok ? gate.redactor.snippet(text) : `(body over ${body.tooLargeAfter} bytes, not kept)`,
      retryAfter,
      envelope: parsedBody.ok ? readErrorEnvelope(parsedBody.value) : null,
      inferenceId: readInferenceId(response.headers),
    };

    if (response.status >= 300 && response.status < 400) return fail(redirectedResponse(answer, response.headers.get('location')));
    if (response.status < 200 || response.status >= 300) {
      // A refused reference is said as such, once: nothing is resent with another encoding.
      const refused = (request.references?.length ?? 0) > 0 ? referenceRefusal(answer) : null;
      return fail(refused ?? errorForStatus(answer));
    }
    if (!body.ok) return fail(badResponse(answer, 'the body was larger than any image answer can be', null));
    if (bodyKindOf(contentType) !== 'json' && text.trim() !== '' && !looksLikeJson(text)) {
      return fail(badResponse(answer, `the body was ${contentType ?? 'untyped'}, neither JSON nor an image`, null));
    }

    const reading = readSuccessBody(text);
    if (reading.kind === 'error-envelope') return fail(errorForStatus(answer, reading.envelope.statusCode ?? response.status));
    if (reading.kind === 'unreadable') return fail(badResponse(answer, reading.reason, null));
    const [item] = reading.items;
    if (item === undefined) return fail(badResponse(answer, 'the "data" list held no image', null));
    if (item.contentViolation) return fail(contentViolation(answer, item.requestId));

    const provenance: ImageProvenance = { requestId: item.requestId, sourceUrl: item.url, ...headerProvenance(response, request, reading.credits) };
    // A link is recorded before it is fetched, so a failed download can be tried again. An inline
    // image is in hand already: it comes back with its provenance, which the caller records only
    // once the bytes are durable, so nothing ever says "received" about bytes that were not kept.
    if (item.b64Json === null) request.onResponse?.(provenance);
    const image = await receiveItem(item, request, answer, gate);
    if (!image.ok) return fail(withCharge(image.error, item.requestId, provenance.credits));
    return ok({ ...provenance, image: image.value });
  }

  return {
    async createImage(request) {
      // Everything this returns, and what onResponse hands over, passes the gate: nothing the API
      // echoed leaves with the key in it (api-output-gate.ts).
      const gate = createApiOutputGate(request.apiKey);
      const { onResponse, onInferenceId } = request;
      const gated: CreateImageRequest = {
        ...request,
        ...(onResponse ? { onResponse: (info: ImageProvenance) => onResponse(gate.provenance(info)) } : {}),
        ...(onInferenceId ? { onInferenceId: (id: string) => onInferenceId(gate.redactor.text(id)) } : {}),
      };
      try {
        return gate.result(await generate(gated, gate), gate.provenance);
      } catch (error) {
        // Still without the key, since a bug's message may quote anything.
        return gate.result(internalError(error, true));
      }
    },

    async downloadAgain(request) {
      const gate = createApiOutputGate(request.apiKey ?? null);
      const refusal = gate.linkRefusal(request.url);
      if (refusal !== null) return fail(refusal);
      try {
        const result = await download(request.url, request.baseUrl, request.signal, gate);
        // A GET is never billed: whatever happened here, nothing new was charged.
        return gate.result(result.ok ? result : fail({ ...result.error, mayHaveBeenCharged: false }));
      } catch (error) {
        return gate.result(internalError(error, false));
      }
    },
  };
}
