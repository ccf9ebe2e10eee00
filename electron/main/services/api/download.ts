import { appError, type AppError } from '../../../shared/errors';
import { addressPolicyFor, checkAddress, ipLiteralOf, type AddressPolicy } from './address-policy';
import { declaredLength } from './capped-body';
import { describeDuration, runWithDeadline } from './deadline';
import { AddressRefusedError, type DownloadTransport } from './download-transport';
import { IncomingFileError, receiveImage, storageError, type ReceivedImage } from './incoming-file';
import { megabytes } from '../megabytes';
import { describeNetworkFailure } from './network-failure';
import { parseRetryAfter } from './retry-after';

export interface ImageDownloadOptions {
  /** How the GETs reach the network; it checks where each name resolves to (see download-transport.ts). */
  transport: DownloadTransport;
  /**
   * The configured API base URL: its origin is trusted even over plain http (a local proxy or
   * fake), and when it is on this machine, so are loopback addresses (see address-policy.ts).
   */
  baseUrl: string;
  /** Where the temp file goes: the image store's incoming folder. */
  incomingDir: string;
  maxBytes: number;
  /** Limit for one attempt, body included. */
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * Whether a redirect hop must not be followed although the place rules allow it: it carries
   * the API key, and fetching it would hand the key to that host. The link itself is the caller's
   * to check (api-output-gate.ts).
   */
  refuseHop?: (url: string) => boolean;
}

/**
 * One GET of an image. `retryable` marks what may pass if tried again (a broken connection, a
 * timeout, 5xx, 429); a refusal that would only repeat itself (4xx, not an image, too large, a
 * forbidden place) is final, and so is a cancel.
 */
export type DownloadAttempt = { ok: true; value: ReceivedImage } | { ok: false; error: AppError; retryable: boolean };

/** CDNs redirect to a regional edge now and then; more hops than this is a loop or a trap. */
const MAX_REDIRECTS = 5;

export type DownloadPermission = { allowed: true; url: URL } | { allowed: false; reason: string };

/**
 * Whether Reverie may fetch `url`, judged from the URL alone (no lookup, no connection): https, or
 * the exact origin the user configured for the API; and a literal address only if it is public
 * (loopback too when the API is on this machine). Everything else (http elsewhere, file:, data:,
 * the metadata service at 169.254.169.254, …) could read local files or internal services, or
 * leak over plain text, and the API has no reason to send such links. Where a name leads is
 * checked by the transport, after resolution.
 */
export function downloadPermission(url: string, baseUrl: string, policy: AddressPolicy = addressPolicyFor(baseUrl)): DownloadPermission {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { allowed: false, reason: 'it is not a valid URL' };
  }
  let apiOrigin: string | null = null;
  try {
    apiOrigin = new URL(baseUrl).origin;
  } catch {
    // An unparsable base URL trusts no origin.
  }
  const isApiOrigin = apiOrigin !== null && apiOrigin !== 'null' && parsed.origin === apiOrigin;
  if (parsed.protocol !== 'https:' && !isApiOrigin) {
    return { allowed: false, reason: `only https:// links or the API's own address (${apiOrigin ?? 'none'}) are downloaded` };
  }
  if (parsed.username !== '' || parsed.password !== '') return { allowed: false, reason: 'the link carries a user name or password' };
  const literal = ipLiteralOf(parsed);
  if (literal !== null) {
    const verdict = checkAddress(literal, policy);
    if (!verdict.allowed) return { allowed: false, reason: `${literal} is not a public address (${verdict.kind})` };
  }
  return { allowed: true, url: parsed };
}

const KEPT = 'the link is kept in the details to try again later.';

function downloadFailed(url: string, message: string, problem: string, extra: Partial<AppError> = {}): AppError {
  return appError('download-failed', message, { detail: `Image URL: ${url}\n${problem}`, ...extra });
}

function refusedPlace(url: string, problem: string): AppError {
  return downloadFailed(url, `The image link points to a place Reverie does not download from; ${KEPT}`, problem);
}

const final = (error: AppError): DownloadAttempt => ({ ok: false, error, retryable: false });
const retryable = (error: AppError): DownloadAttempt => ({ ok: false, error, retryable: true });

function tooLarge(url: string, maxBytes: number, seen: string): DownloadAttempt {
  return final(downloadFailed(url, `The image is larger than ${megabytes(maxBytes)}, so the download was stopped; ${KEPT}`, seen));
}

/** Statuses that describe the server's state right now rather than the request: worth another try. */
const isPassingStatus = (status: number) => status === 429 || status >= 500;

type Hop = { kind: 'done'; attempt: DownloadAttempt } | { kind: 'redirect'; location: string };

async function fetchOnce(target: URL, original: string, options: ImageDownloadOptions, policy: AddressPolicy, signal: AbortSignal): Promise<Hop> {
  // No Authorization header: the API key is for the API, never for whoever hosts the image.
  const response = await options.transport({ url: target, policy, signal });
  const refuse = async (attempt: DownloadAttempt): Promise<Hop> => {
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'done', attempt };
  };
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location');
    if (location === null)
      return refuse(final(downloadFailed(original, `The image link redirected nowhere; ${KEPT}`, `HTTP ${response.status} without Location`)));
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'redirect', location: new URL(location, target).href };
  }
  if (!response.ok) {
    const retryAfter = response.headers.get('retry-after');
    const retryAfterSeconds = parseRetryAfter(retryAfter);
    const error = downloadFailed(
      original,
      `The image could not be downloaded (HTTP ${response.status}); ${KEPT}`,
      `HTTP ${response.status} from GET ${target.href}${retryAfter === null ? '' : `\nRetry-After: ${retryAfter}`}`,
      { status: response.status, ...(retryAfterSeconds !== null ? { retryAfterSeconds } : {}) },
    );
    return refuse(isPassingStatus(response.status) ? retryable(error) : final(error));
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!/^image\//i.test(contentType.trim())) {
    return refuse(
      final(downloadFailed(original, `The image link returned something other than an image; ${KEPT}`, `Content-Type: ${contentType || '(none)'}`)),
    );
  }
  const announced = declaredLength(response.headers);
  if (announced !== null && announced > options.maxBytes) return refuse(tooLarge(original, options.maxBytes, `Content-Length: ${announced}`));

  const received = await receiveImage(response.body, options.incomingDir, options.maxBytes);
  if (received.ok) return { kind: 'done', attempt: { ok: true, value: received.image } };
  if (received.problem === 'too-large') return { kind: 'done', attempt: tooLarge(original, options.maxBytes, `Stopped after ${received.after} bytes`) };
  return {
    kind: 'done',
    attempt: final(
      downloadFailed(
        original,
        `The downloaded file is not a PNG, JPEG or WebP image; ${KEPT}`,
        `Content-Type: ${contentType}, ${received.byteSize} bytes read`,
      ),
    ),
  };
}

/**
 * One download attempt of a generated image into a temp file: only from allowed places (every
 * redirect hop is checked again), within a size cap and a time limit, and only if the bytes really
 * are an image. A failed or cancelled attempt leaves no file.
 */
export async function downloadOnce(url: string, options: ImageDownloadOptions): Promise<DownloadAttempt> {
  const policy = addressPolicyFor(options.baseUrl);
  const first = downloadPermission(url, options.baseUrl, policy);
  if (!first.allowed) return final(refusedPlace(url, `Refused because ${first.reason}.`));

  const settled = await runWithDeadline(options.timeoutMs, options.signal, async (signal): Promise<DownloadAttempt> => {
    let target = first.url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      const answer = await fetchOnce(target, url, options, policy, signal);
      if (answer.kind === 'done') return answer.attempt;
      const next = downloadPermission(answer.location, options.baseUrl, policy);
      if (!next.allowed) {
        return final(
          downloadFailed(
            url,
            `The image link redirects to a place Reverie does not download from; ${KEPT}`,
            `Redirect to ${answer.location} refused because ${next.reason}.`,
          ),
        );
      }
      if (options.refuseHop?.(next.url.href)) {
        return final(
          downloadFailed(
            url,
            'The image link redirects to a link that contains your API key, so Reverie did not follow it: that would hand the key to the image host.',
            'Redirect refused because it carries the API key.',
          ),
        );
      }
      target = next.url;
    }
    return final(downloadFailed(url, `The image link redirected too many times; ${KEPT}`, `More than ${MAX_REDIRECTS} redirects.`));
  });

  switch (settled.outcome) {
    case 'done':
      return settled.value;
    case 'cancelled':
      return final(downloadCancelled(url));
    case 'timeout':
      return retryable(
        downloadFailed(
          url,
          `The image download did not finish within ${describeDuration(options.timeoutMs)}; ${KEPT}`,
          `No complete image after ${options.timeoutMs} ms.`,
        ),
      );
    case 'failed':
      // The disk failing is not the network failing: trying the network again would not help.
      if (settled.error instanceof IncomingFileError) return final(storageError(settled.error, url));
      // Found only after resolving a name (of the link or of a redirect hop); nothing was sent to it.
      if (settled.error instanceof AddressRefusedError) return final(refusedPlace(url, `Refused because ${settled.error.message}.`));
      return retryable(downloadFailed(url, `The image download failed because the connection broke; ${KEPT}`, describeNetworkFailure(settled.error).summary));
  }
}

export function downloadCancelled(url: string): AppError {
  return appError('cancelled', 'The image download was cancelled; the link is kept to download it later.', { detail: `Image URL: ${url}` });
}
