import { z } from 'zod';
import { ASPECT_RATIOS, MAX_REMIX_REFERENCES, MODEL_IDS, PROMPT_MAX_LENGTH, type AspectRatio, type ModelId } from '../../electron/shared/domain';
import { promptLength } from '../../electron/shared/prompt-length';

/**
 * The request bodies as the vendor documents them for the three Reve models on
 * `POST /v1/images/generations` (reference/aiml-reve-api.md, from docs.aimlapi.com's
 * api-references/image-models/reve/{create-image,edit-image,remix-edit-image}); extra fields are
 * ignored, as the real API's zod schemas do. `prompt` is "string · max: 2560" in the vendor's schema
 * (reference/vendor-page-reve-create-image.txt): a JSON Schema maxLength, which counts characters
 * (code points); electron/shared/prompt-length.ts holds that count and why, so the fake and the app
 * cannot disagree on it.
 */
const Prompt = z
  .string()
  .min(1)
  .superRefine((prompt, ctx) => {
    // Reported as zod's own `.max()` would report it (`too_big`), the shape the real 400 carries.
    if (promptLength(prompt) <= PROMPT_MAX_LENGTH) return;
    ctx.addIssue({
      code: 'too_big',
      origin: 'string',
      maximum: PROMPT_MAX_LENGTH,
      inclusive: true,
      input: prompt,
      message: `Too big: expected string to have <=${PROMPT_MAX_LENGTH} characters`,
    });
  });

/**
 * An image reference: an http(s) URL, or base64 in a `data:image/...;base64,` URI. The edit schema
 * says "URL of the reference image" and the remix schema "URLs or local Base64 encoded images"
 * (reference/aiml-reve-api.md); whether edit takes a data URI is not documented, so the fake takes
 * the reading the client relies on and refuses everything else (plain text, other schemes).
 */
const ImageReference = z.string().refine((value) => /^https?:\/\/\S+$/i.test(value) || /^data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/]+={0,2}$/i.test(value), {
  message: 'Invalid input: expected an image URL or a data:image/...;base64, URI',
});

const Common = {
  prompt: Prompt,
  convert_base64_to_url: z.boolean().optional(),
  output_format: z.enum(['json', 'png', 'jpeg', 'webp']).optional(),
};

const CreateBody = z.object({ model: z.literal('reve/create-image'), ...Common, aspect_ratio: z.enum(ASPECT_RATIOS).optional() });

/**
 * Edit has no `aspect_ratio` in its schema (the output follows the input). Unknown keys are
 * otherwise ignored, but this one is refused outright: the issue asks the fake to refuse it, so a
 * client that sends it anyway fails loudly in tests instead of relying on the API to drop it.
 */
const EditBody = z.looseObject({ model: z.literal('reve/edit-image'), ...Common, image_url: ImageReference }).superRefine((body, ctx) => {
  if (body.aspect_ratio !== undefined) ctx.addIssue({ code: 'custom', path: ['aspect_ratio'], message: 'Unrecognized key: "aspect_ratio"' });
});

const RemixBody = z.object({
  model: z.literal('reve/remix-edit-image'),
  ...Common,
  image_urls: z.array(ImageReference).min(1).max(MAX_REMIX_REFERENCES),
  aspect_ratio: z.enum(ASPECT_RATIOS).optional(),
});

export interface AcceptedGeneration {
  model: ModelId;
  prompt: string;
  /** For an edit: '3:2' here; generation.ts follows the input's shape instead. */
  aspectRatio: AspectRatio;
  /** The references sent (none for create), in order. */
  imageUrls: string[];
  /** The real API's default is true: answer with a URL unless asked for base64. */
  wantsUrl: boolean;
  /** The encoding asked for with `output_format`; null for the default (`json`, which yields a PNG). */
  outputFormat: ImageFormat | null;
}

export type ImageFormat = 'png' | 'jpeg' | 'webp';

export type BodyCheck = { ok: true; value: AcceptedGeneration } | { ok: false; status: 400 | 404; message: string; issues?: z.core.$ZodIssue[] };

export const BODY_VALIDATION_MESSAGE = 'Body validation error!';

const isModelId = (model: string): model is ModelId => (MODEL_IDS as readonly string[]).includes(model);

function parseFor(model: ModelId, body: unknown) {
  if (model === 'reve/edit-image') {
    const parsed = EditBody.safeParse(body);
    return parsed.success
      ? { success: true as const, data: { ...parsed.data, image_urls: [parsed.data.image_url], aspect_ratio: undefined } }
      : { success: false as const, error: parsed.error };
  }
  if (model === 'reve/remix-edit-image') return RemixBody.safeParse(body);
  const parsed = CreateBody.safeParse(body);
  return parsed.success ? { success: true as const, data: { ...parsed.data, image_urls: [] as string[] } } : parsed;
}

/**
 * The API routes on `model` before it validates the rest, so an unknown model is a 404 rather than a
 * validation error; a missing or non-string model is still a 400.
 */
export function checkGenerationBody(body: unknown): BodyCheck {
  const model = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).model : undefined;
  if (typeof model === 'string' && !isModelId(model)) {
    return { ok: false, status: 404, message: `Model "${model}" not found.` };
  }
  const parsed = parseFor(typeof model === 'string' && isModelId(model) ? model : 'reve/create-image', body);
  if (!parsed.success) {
    return { ok: false, status: 400, message: BODY_VALIDATION_MESSAGE, issues: parsed.error.issues };
  }
  const data = parsed.data;
  return {
    ok: true,
    value: {
      model: data.model,
      prompt: data.prompt,
      aspectRatio: data.aspect_ratio ?? '3:2',
      imageUrls: data.image_urls,
      wantsUrl: data.convert_base64_to_url ?? true,
      outputFormat: data.output_format === undefined || data.output_format === 'json' ? null : data.output_format,
    },
  };
}
