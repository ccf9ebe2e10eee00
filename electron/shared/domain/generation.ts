import { z } from 'zod';
import { ASPECT_RATIOS, DELIVERIES, MAX_IMAGES_PER_RATIO, OUTPUT_FORMATS, PROMPT_MAX_LENGTH } from '../constants';
import { hasControlCharactersBesidesLineBreaks, removeControlCharactersBesidesLineBreaks } from '../control-characters';
import { promptLength } from '../prompt-length';

/** What one click of Generate asks for, what each request sends, and the composer's saved draft. */

export const AspectRatio = z.enum(ASPECT_RATIOS);
export type AspectRatio = z.infer<typeof AspectRatio>;

/**
 * A prompt as a job keeps it: read back as it was sent, also from before control characters were refused.
 * Its length is counted as the composer counts it (characters, not `.length`'s UTF-16 units): see prompt-length.ts.
 */
const SentPrompt = z
  .string()
  // A character is at most two UTF-16 units, so a longer string is over the limit without walking it (hostile input can be huge).
  .refine((text) => text.length <= PROMPT_MAX_LENGTH * 2 && promptLength(text) <= PROMPT_MAX_LENGTH, `A prompt can be at most ${PROMPT_MAX_LENGTH} characters.`)
  .refine((text) => text.trim().length > 0, 'Write a prompt first.');

/** What the user sends or saves: tabs and line breaks are part of writing; other control characters are refused. */
export const Prompt = SentPrompt.refine(
  (text) => !hasControlCharactersBesidesLineBreaks(text),
  'The prompt contains invisible control characters; remove them (retype the pasted part) and try again. Tabs and line breaks are fine.',
);

export const Delivery = z.enum(DELIVERIES);
export const OutputFormat = z.enum(OUTPUT_FORMATS);

/** Exactly what one request sends; stored with each job so Retry reuses it unchanged. */
export const GenerationParams = z.strictObject({
  prompt: SentPrompt,
  aspectRatio: AspectRatio,
  delivery: Delivery.default('url'),
  /** null: not sent, the API's default. */
  outputFormat: OutputFormat.nullable().default(null),
});
export type GenerationParams = z.infer<typeof GenerationParams>;

const distinct = <T>(values: readonly T[]) => new Set(values).size === values.length;

/** One click of Generate: `count` images for each ratio (fan-out), each its own request. */
export const EnqueueInput = z.strictObject({
  prompt: Prompt,
  aspectRatios: z.array(AspectRatio).min(1).max(ASPECT_RATIOS.length).refine(distinct, 'Each aspect ratio once.'),
  count: z.int().min(1, 'At least one image.').max(MAX_IMAGES_PER_RATIO, `At most ${MAX_IMAGES_PER_RATIO} images per ratio.`),
  delivery: Delivery.default('url'),
  outputFormat: OutputFormat.nullable().default(null),
});
export type EnqueueInput = z.infer<typeof EnqueueInput>;

/**
 * The composer as the user left it. The prompt may be over the limit: a draft never loses text it
 * can show. Invisible control characters (other than tabs and line breaks) are dropped rather than
 * refused, so a save is never lost to them; sending such a prompt is refused anyway.
 */
export const ComposerDraft = z.strictObject({
  prompt: z.string().max(100_000).overwrite(removeControlCharactersBesidesLineBreaks),
  aspectRatios: z.array(AspectRatio).min(1).max(ASPECT_RATIOS.length).refine(distinct),
  count: z.int().min(1).max(MAX_IMAGES_PER_RATIO),
  delivery: Delivery,
  outputFormat: OutputFormat.nullable(),
});
export type ComposerDraft = z.infer<typeof ComposerDraft>;
