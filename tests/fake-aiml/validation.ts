import { z } from 'zod';
import { ASPECT_RATIOS, MODEL_ID, PROMPT_MAX_LENGTH, type AspectRatio } from '../../electron/shared/domain';
import { promptLength } from '../../electron/shared/prompt-length';

/**
 * The request body as the real API documents it for `reve/create-image`; extra fields are ignored.
 * `prompt` is "string · max: 2560" in the vendor's schema (reference/vendor-page-reve-create-image.txt):
 * a JSON Schema maxLength, which counts characters (code points); electron/shared/prompt-length.ts
 * holds that count and why, so the fake and the app cannot disagree on it.
 */
const GenerationBody = z.object({
  model: z.literal(MODEL_ID),
  prompt: z
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
    }),
  aspect_ratio: z.enum(ASPECT_RATIOS).optional(),
  convert_base64_to_url: z.boolean().optional(),
  output_format: z.enum(['json', 'png', 'jpeg', 'webp']).optional(),
});

export interface AcceptedGeneration {
  prompt: string;
  aspectRatio: AspectRatio;
  /** The real API's default is true: answer with a URL unless asked for base64. */
  wantsUrl: boolean;
  /** The encoding asked for with `output_format`; null for the default (`json`, which yields a PNG). */
  outputFormat: ImageFormat | null;
}

export type ImageFormat = 'png' | 'jpeg' | 'webp';

export type BodyCheck = { ok: true; value: AcceptedGeneration } | { ok: false; status: 400 | 404; message: string; issues?: z.core.$ZodIssue[] };

export const BODY_VALIDATION_MESSAGE = 'Body validation error!';

/**
 * The API routes on `model` before it validates the rest, so an unknown model is a 404 rather than a
 * validation error; a missing or non-string model is still a 400.
 */
export function checkGenerationBody(body: unknown): BodyCheck {
  const model = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).model : undefined;
  if (typeof model === 'string' && model !== MODEL_ID) {
    return { ok: false, status: 404, message: `Model "${model}" not found.` };
  }
  const parsed = GenerationBody.safeParse(body);
  if (!parsed.success) {
    return { ok: false, status: 400, message: BODY_VALIDATION_MESSAGE, issues: parsed.error.issues };
  }
  return {
    ok: true,
    value: {
      prompt: parsed.data.prompt,
      aspectRatio: parsed.data.aspect_ratio ?? '3:2',
      wantsUrl: parsed.data.convert_base64_to_url ?? true,
      outputFormat: parsed.data.output_format === undefined || parsed.data.output_format === 'json' ? null : parsed.data.output_format,
    },
  };
}
