import { z } from 'zod';
import { ASPECT_RATIOS, MODEL_ID, PROMPT_MAX_LENGTH, type AspectRatio } from '../../electron/shared/domain';

/** The request body as the real API documents it for `reve/create-image`; extra fields are ignored. */
const GenerationBody = z.object({
  model: z.literal(MODEL_ID),
  prompt: z.string().min(1).max(PROMPT_MAX_LENGTH),
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
