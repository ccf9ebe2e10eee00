import type { ImageMimeType } from '../../shared/domain';
import { appError, fail, ok, type AppError, type Result } from '../../shared/errors';
import { declaredLength, readCappedBody } from './capped-body';
import { describeDuration, runWithDeadline } from './deadline';
import { sniffImageType } from './image-type';
import { describeNetworkFailure } from './network-failure';

export interface DownloadedImage {
  bytes: Uint8Array;
  mimeType: ImageMimeType;
}

export interface ImageDownloadOptions {
  fetch: typeof fetch;
  /** The configured API base URL: its origin is trusted even over plain http (a local proxy or fake). */
  baseUrl: string;
  maxBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** CDNs redirect to a regional edge now and then; more hops than this is a loop or a trap. */
const MAX_REDIRECTS = 5;

export type DownloadPermission = { allowed: true; url: URL } | { allowed: false; reason: string };

/**
 * Whether Reverie may fetch `url`: https anywhere, or the exact origin the user configured for the
 * API. Everything else (http elsewhere, file:, data:, …) could read local files or leak over
 * plain text, and the API has no reason to send such links.
 */
export function downloadPermission(url: string, baseUrl: string): DownloadPermission {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { allowed: false, reason: 'it is not a valid URL' };
  }
  if (parsed.protocol === 'https:') return { allowed: true, url: parsed };
  let apiOrigin: string | null = null;
  try {
    apiOrigin = new URL(baseUrl).origin;
  } catch {
    // An unparsable base URL trusts no origin.
  }
  if (apiOrigin !== null && apiOrigin !== 'null' && parsed.origin === apiOrigin) return { allowed: true, url: parsed };
  return { allowed: false, reason: `only https:// links or the API's own address (${apiOrigin ?? 'none'}) are downloaded` };
}

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

function downloadFailed(url: string, message: string, problem: string): AppError {
  return appError('download-failed', message, { detail: `Image URL: ${url}\n${problem}` });
}

const KEPT = 'the link is kept in the details to try again later.';

function tooLarge(url: string, maxBytes: number, seen: string): AppError {
  return downloadFailed(url, `The image is larger than ${megabytes(maxBytes)}, so the download was stopped; ${KEPT}`, seen);
}

/** The image in a base64 payload (plain or as a data URL), under the same size and type rules as a download. */
export function decodeBase64Image(payload: string, maxBytes: number): { ok: true; image: DownloadedImage } | { ok: false; reason: string } {
  const base64 = payload.replace(/^data:[^,]*;base64,/i, '').replace(/\s+/g, '');
  const estimatedBytes = Math.floor((base64.length * 3) / 4);
  if (estimatedBytes > maxBytes + 2) {
    return { ok: false, reason: `the base64 image is about ${megabytes(estimatedBytes)}, over the ${megabytes(maxBytes)} limit` };
  }
  const buffer = Buffer.from(base64, 'base64');
  if (buffer.byteLength > maxBytes) return { ok: false, reason: `the base64 image is over the ${megabytes(maxBytes)} limit` };
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const mimeType = sniffImageType(bytes);
  if (mimeType === null) return { ok: false, reason: 'the base64 payload is not a PNG, JPEG or WebP image' };
  return { ok: true, image: { bytes, mimeType } };
}

type Hop = { kind: 'image'; image: DownloadedImage } | { kind: 'redirect'; location: string } | { kind: 'refused'; error: AppError };

async function fetchOnce(target: URL, original: string, options: ImageDownloadOptions, signal: AbortSignal): Promise<Hop> {
  // No Authorization header: the API key is for the API, never for whoever hosts the image.
  const response = await options.fetch(target, { method: 'GET', redirect: 'manual', signal });
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location');
    if (location === null) return { kind: 'refused', error: downloadFailed(original, `The image link redirected nowhere; ${KEPT}`, `HTTP ${response.status} without Location`) };
    return { kind: 'redirect', location: new URL(location, target).href };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return {
      kind: 'refused',
      error: downloadFailed(original, `The image could not be downloaded (HTTP ${response.status}); ${KEPT}`, `HTTP ${response.status} from GET ${target.href}`),
    };
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!/^image\//i.test(contentType.trim())) {
    await response.body?.cancel().catch(() => undefined);
    return {
      kind: 'refused',
      error: downloadFailed(original, `The image link returned something other than an image; ${KEPT}`, `Content-Type: ${contentType || '(none)'}`),
    };
  }
  const announced = declaredLength(response.headers);
  if (announced !== null && announced > options.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'refused', error: tooLarge(original, options.maxBytes, `Content-Length: ${announced}`) };
  }
  const body = await readCappedBody(response.body, options.maxBytes);
  if (!body.ok) return { kind: 'refused', error: tooLarge(original, options.maxBytes, `Stopped after ${body.tooLargeAfter} bytes`) };
  const mimeType = sniffImageType(body.bytes);
  if (mimeType === null) {
    return {
      kind: 'refused',
      error: downloadFailed(original, `The downloaded file is not a PNG, JPEG or WebP image; ${KEPT}`, `Content-Type: ${contentType}, ${body.bytes.byteLength} bytes`),
    };
  }
  return { kind: 'image', image: { bytes: body.bytes, mimeType } };
}

/**
 * Downloads a generated image: only from allowed places (every redirect hop is checked again),
 * within a size cap and a time limit, and only if the bytes really are an image.
 */
export async function downloadImage(url: string, options: ImageDownloadOptions): Promise<Result<DownloadedImage>> {
  const first = downloadPermission(url, options.baseUrl);
  if (!first.allowed) {
    return fail(downloadFailed(url, `The image link points to a place Reverie does not download from; ${KEPT}`, `Refused because ${first.reason}.`));
  }

  const settled = await runWithDeadline(options.timeoutMs, options.signal, async (signal): Promise<Result<DownloadedImage>> => {
    let target = first.url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      const answer = await fetchOnce(target, url, options, signal);
      if (answer.kind === 'image') return ok(answer.image);
      if (answer.kind === 'refused') return fail(answer.error);
      const next = downloadPermission(answer.location, options.baseUrl);
      if (!next.allowed) {
        return fail(downloadFailed(url, `The image link redirects to a place Reverie does not download from; ${KEPT}`, `Redirect to ${answer.location} refused because ${next.reason}.`));
      }
      target = next.url;
    }
    return fail(downloadFailed(url, `The image link redirected too many times; ${KEPT}`, `More than ${MAX_REDIRECTS} redirects.`));
  });

  switch (settled.outcome) {
    case 'done':
      return settled.value;
    case 'cancelled':
      return fail(appError('cancelled', 'The generation was cancelled.', { detail: `Image URL: ${url}` }));
    case 'timeout':
      return fail(downloadFailed(url, `The image download did not finish within ${describeDuration(options.timeoutMs)}; ${KEPT}`, `No complete image after ${options.timeoutMs} ms.`));
    case 'failed':
      return fail(
        downloadFailed(url, `The image download failed because the connection broke; ${KEPT}`, describeNetworkFailure(settled.error).summary),
      );
  }
}
