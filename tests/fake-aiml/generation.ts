import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sharp from 'sharp';
import { errorEnvelope, generationRequestId, sendEnvelope, sendJson, sendText } from './envelope';
import type { DownloadFault, FileStore } from './files';
import { GATEWAY_HTML, IMAGE_CONTENT_TYPES, renderGeneratedImage } from './images';
import type { ServedScenario } from './scenarios';
import { BODY_VALIDATION_MESSAGE, type AcceptedGeneration } from './validation';
import { ASPECT_RATIOS, ASPECT_RATIO_PIXELS, type AspectRatio, type ModelId } from '../../electron/shared/domain';

/** Credits the real API reports for one `reve/create-image` call. */
export const CREDITS_PER_IMAGE = 126_000;

/**
 * Credits per call by model: the docs' examples report `tokens_used: 210000` for edit and remix
 * (reference/aiml-reve-api.md) against 126,000 for create.
 */
export const CREDITS_BY_MODEL: Readonly<Record<ModelId, number>> = {
  'reve/create-image': CREDITS_PER_IMAGE,
  'reve/edit-image': 210_000,
  'reve/remix-edit-image': 210_000,
};

/** 1 USD buys 2,000,000 credits (the docs' conversion rate). */
const CREDITS_PER_USD = 2_000_000;

export const MESSAGES = {
  unauthorized: 'This request requires a valid API key. You can create a new API key on the Billing page: https://aimlapi.com/app/keys',
  outOfCredits: "You've run out of credits. Please top up your balance or update your payment method to continue: https://aimlapi.com/app/billing/",
  tooManyRequests: 'Too Many Requests',
  internal: 'Internal server error',
  maintenance: 'The model is under maintenance. Please try again later.',
  badGateway: 'Bad Gateway',
  unavailable: 'Service Unavailable',
  generationTimeout: 'Generation timeout',
} as const;

export interface GenerationContext {
  /** Where generated files are said to live; normally the fake's own origin. */
  filesOrigin: string;
  files: FileStore;
  oversizedBytes: number;
  slowMs: number;
  nextSequence(): number;
  /** A timer the fake cancels when it closes, so tests never wait on it. */
  later(ms: number, run: () => void): void;
}

interface ImageItem {
  url: string | null;
  b64_json: string | null;
  content_violation: boolean;
}

function successBody(items: ImageItem[], usageField: 'tokens_used' | 'credits_used', credits: number) {
  return {
    data: items.map((item) => ({
      url: item.url,
      b64_json: item.b64_json,
      request_id: generationRequestId(),
      content_violation: item.content_violation,
    })),
    meta: { usage: { [usageField]: credits } },
  };
}

const EXTENSIONS = { png: 'png', jpeg: 'jpg', webp: 'webp' } as const;

/**
 * An edit's output "follows the input" (the edit schema has no aspect_ratio): the ratio nearest to
 * the source's shape when the fake can read it (a data URI), else the API's default, 3:2.
 */
async function outputRatio(accepted: AcceptedGeneration): Promise<AspectRatio> {
  const source = accepted.model === 'reve/edit-image' ? accepted.imageUrls[0] : undefined;
  const base64 = source?.startsWith('data:') ? source.slice(source.indexOf(',') + 1) : null;
  if (base64 === null) return accepted.aspectRatio;
  try {
    const { width, height } = await sharp(Buffer.from(base64, 'base64')).metadata();
    if (!width || !height) return '3:2';
    const distance = (ratio: AspectRatio) => Math.abs(Math.log(ASPECT_RATIO_PIXELS[ratio].width / ASPECT_RATIO_PIXELS[ratio].height / (width / height)));
    return [...ASPECT_RATIOS].sort((a, b) => distance(a) - distance(b))[0] ?? '3:2';
  } catch {
    return '3:2';
  }
}

async function generatedItem(accepted: AcceptedGeneration, forceBase64: boolean, context: GenerationContext, faults: DownloadFault[] = []): Promise<ImageItem> {
  const format = accepted.outputFormat ?? 'png';
  const bytes = await renderGeneratedImage(await outputRatio(accepted), context.nextSequence(), format);
  if (forceBase64 || !accepted.wantsUrl) {
    return { url: null, b64_json: bytes.toString('base64'), content_violation: false };
  }
  const name = context.files.add({ kind: 'image', bytes, contentType: IMAGE_CONTENT_TYPES[format], faults }, EXTENSIONS[format]);
  return { url: `${context.filesOrigin}/files/${name}`, b64_json: null, content_violation: false };
}

const CREATED = 201;

/**
 * The cost headers the docs list on non-streaming JSON answers (reference/aiml-reve-api.md, "Cost,
 * tracing and balance"): `x-aimlapi-credits-used` and `x-aimlapi-usd-spent`. 'no-cost-headers'
 * leaves both out and 'usd-header-only' sends only the USD one, so the client's fallbacks are tested.
 */
function costHeaders(accepted: AcceptedGeneration, scenario: ServedScenario): Record<string, string> {
  const credits = CREDITS_BY_MODEL[accepted.model];
  const usd = String(credits / CREDITS_PER_USD);
  if (scenario.name === 'no-cost-headers') return {};
  if (scenario.name === 'usd-header-only') return { 'x-aimlapi-usd-spent': usd };
  return { 'x-aimlapi-credits-used': String(credits), 'x-aimlapi-usd-spent': usd };
}

const retryAfterHeader = (scenario: ServedScenario): Record<string, string> =>
  scenario.retryAfterSeconds === null ? {} : { 'retry-after': String(scenario.retryAfterSeconds) };

const urlItem = (url: string): ImageItem => ({ url, b64_json: null, content_violation: false });

/** Answers a generation request that passed the key and body checks, the way `scenario` says. */
export async function answerGeneration(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  accepted: AcceptedGeneration,
  scenario: ServedScenario,
  context: GenerationContext,
): Promise<void> {
  const credits = CREDITS_BY_MODEL[accepted.model];
  const paid = costHeaders(accepted, scenario);
  switch (scenario.name) {
    case 'ok':
    case 'no-cost-headers':
    case 'usd-header-only':
      return sendJson(res, CREATED, successBody([await generatedItem(accepted, false, context)], 'tokens_used', credits), paid);
    case 'b64':
      return sendJson(res, CREATED, successBody([await generatedItem(accepted, true, context)], 'tokens_used', credits), paid);
    case 'credits-used':
      return sendJson(res, CREATED, successBody([await generatedItem(accepted, false, context)], 'credits_used', credits), paid);
    case 'slow': {
      const item = await generatedItem(accepted, false, context);
      context.later(context.slowMs, () => sendJson(res, CREATED, successBody([item], 'tokens_used', credits), paid));
      return;
    }
    case 'content-violation':
      return sendJson(res, CREATED, successBody([{ url: null, b64_json: null, content_violation: true }], 'tokens_used', credits), paid);
    case 'no-data':
      return sendJson(res, CREATED, successBody([], 'tokens_used', credits), paid);
    case 'malformed-json':
      return sendText(res, CREATED, `{"data":[{"url":"${context.filesOrigin}/files/cut-off`, 'application/json; charset=utf-8');
    case 'download-not-image': {
      const name = context.files.add({ kind: 'not-image' });
      return sendJson(res, CREATED, successBody([urlItem(`${context.filesOrigin}/files/${name}`)], 'tokens_used', credits), paid);
    }
    case 'download-oversized': {
      const name = context.files.add({
        kind: 'oversized',
        totalBytes: context.oversizedBytes,
        declareLength: scenario.declareLength,
      });
      return sendJson(res, CREATED, successBody([urlItem(`${context.filesOrigin}/files/${name}`)], 'tokens_used', credits), paid);
    }
    case 'download-flaky':
    case 'download-drop': {
      const fault: DownloadFault = scenario.name === 'download-drop' ? { kind: 'drop' } : { kind: '503', retryAfterSeconds: scenario.retryAfterSeconds };
      const item = await generatedItem(accepted, false, context, [fault]);
      return sendJson(res, CREATED, successBody([item], 'tokens_used', credits), paid);
    }
    case 'raw-image': {
      // Undocumented, but possible with `output_format`: the image itself instead of JSON.
      const format = accepted.outputFormat ?? 'png';
      const bytes = await renderGeneratedImage(accepted.aspectRatio, context.nextSequence(), format);
      return sendText(res, CREATED, bytes, IMAGE_CONTENT_TYPES[format]);
    }
    case 'download-404':
      return sendJson(res, CREATED, successBody([urlItem(`${context.filesOrigin}/files/${Date.now()}-${randomUUID()}.png`)], 'tokens_used', credits), paid);
    case '400':
      return sendEnvelope(res, 400, path, BODY_VALIDATION_MESSAGE, {
        errors: [{ code: 'custom', path: ['prompt'], message: 'Rejected by the fake on request of the test' }],
      });
    case '401':
      return sendEnvelope(res, 401, path, MESSAGES.unauthorized);
    case '403':
      return sendEnvelope(res, 403, path, MESSAGES.outOfCredits);
    case '404':
      return sendEnvelope(res, 404, path, `Cannot POST ${path}`);
    case '429':
      return sendEnvelope(res, 429, path, MESSAGES.tooManyRequests, {}, retryAfterHeader(scenario));
    case '500':
      return sendEnvelope(res, 500, path, MESSAGES.internal);
    case '500-maintenance':
      return sendEnvelope(res, 500, path, MESSAGES.maintenance);
    case '502':
      return sendEnvelope(res, 502, path, MESSAGES.badGateway);
    case '503':
      return sendEnvelope(res, 503, path, MESSAGES.unavailable, {}, retryAfterHeader(scenario));
    case '504':
      return sendEnvelope(res, 504, path, MESSAGES.generationTimeout);
    case 'string-status-code':
      return sendJson(res, 500, errorEnvelope('500', path, MESSAGES.internal));
    case 'html':
      return sendText(res, 502, GATEWAY_HTML, 'text/html');
    case 'empty-body':
      res.writeHead(500, { 'content-length': '0' });
      res.end();
      return;
    case 'hang':
      // Never answered: the fake's close() destroys the socket.
      return;
    case 'drop-connection':
      req.socket.destroy();
      return;
  }
}
