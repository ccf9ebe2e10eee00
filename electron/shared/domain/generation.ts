import { z } from 'zod';
import { ASPECT_RATIOS, DELIVERIES, MAX_IMAGES_PER_RATIO, MAX_REMIX_REFERENCES, MODEL_IDS, OUTPUT_FORMATS, PROMPT_MAX_LENGTH } from '../constants';
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
export const Model = z.enum(MODEL_IDS);

/**
 * The library items a request starts from, in order (the order of `image_urls` for a remix). Ids,
 * never paths or bytes: main reads each item's original from the library when it sends.
 */
export const SourceIds = z.array(z.uuid()).max(MAX_REMIX_REFERENCES);

/** How many sources each model takes: create none, edit exactly one, remix one to four. */
export function sourcesProblem(model: z.infer<typeof Model>, sources: readonly string[]): string | null {
  if (new Set(sources).size !== sources.length) return 'Each reference once.';
  if (model === 'reve/create-image') return sources.length === 0 ? null : 'Create takes no reference image.';
  if (model === 'reve/edit-image') return sources.length === 1 ? null : 'Edit takes exactly one source image.';
  return sources.length >= 1 && sources.length <= MAX_REMIX_REFERENCES ? null : `Remix takes 1 to ${MAX_REMIX_REFERENCES} reference images.`;
}
export const OutputFormat = z.enum(OUTPUT_FORMATS);

/** Exactly what one request sends; stored with each job so Retry reuses it unchanged. */
export const GenerationParams = z.strictObject({
  /** Jobs stored before edit and remix existed are creates. */
  model: Model.default('reve/create-image'),
  /**
   * The prompt, or for an edit the instruction. An edit sends no aspect_ratio: `aspectRatio` is its
   * source's ratio then, kept for the pending tile and the item (the output follows the input).
   */
  prompt: SentPrompt,
  aspectRatio: AspectRatio,
  sources: SourceIds.default([]),
  delivery: Delivery.default('url'),
  /** null: not sent, the API's default. */
  outputFormat: OutputFormat.nullable().default(null),
});
export type GenerationParams = z.infer<typeof GenerationParams>;

const distinct = <T>(values: readonly T[]) => new Set(values).size === values.length;

/**
 * One click of Generate: `count` images for each ratio (fan-out), each its own request. An edit
 * takes one ratio, which main replaces with its source's (the API sends none for an edit).
 */
export const EnqueueInput = z
  .strictObject({
    model: Model.default('reve/create-image'),
    prompt: Prompt,
    aspectRatios: z.array(AspectRatio).min(1).max(ASPECT_RATIOS.length).refine(distinct, 'Each aspect ratio once.'),
    count: z.int().min(1, 'At least one image.').max(MAX_IMAGES_PER_RATIO, `At most ${MAX_IMAGES_PER_RATIO} images per ratio.`),
    delivery: Delivery.default('url'),
    outputFormat: OutputFormat.nullable().default(null),
    sources: SourceIds.default([]),
  })
  .superRefine((input, context) => {
    const problem = sourcesProblem(input.model, input.sources);
    if (problem) context.addIssue({ code: 'custom', path: ['sources'], message: problem });
    if (input.model === 'reve/edit-image' && input.aspectRatios.length !== 1)
      context.addIssue({ code: 'custom', path: ['aspectRatios'], message: 'An edit keeps its source’s shape: one aspect ratio.' });
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
  /** The prompt bar's references (library item ids, in order); a draft from before references has none. */
  references: SourceIds.refine(distinct, 'Each reference once.').default([]),
  /** The mode the user picked; null follows the references. */
  mode: z.enum(['create', 'edit', 'remix']).nullable().default(null),
});
export type ComposerDraft = z.infer<typeof ComposerDraft>;
