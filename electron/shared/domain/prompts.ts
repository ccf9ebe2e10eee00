import { z } from 'zod';
import { hasControlCharacters, spaceOutControlCharacters } from '../control-characters';
import { Prompt } from './generation';

/** Prompt history and saved prompts (templates with `{variables}`). */

export interface PromptHistoryEntry {
  text: string;
  lastUsedAt: number;
  useCount: number;
}

export const HistoryQuery = z.strictObject({
  /** A search: control characters are spaced out, not refused (they only ever arrive by accident). */
  query: z.string().max(500).overwrite(spaceOutControlCharacters).default(''),
  limit: z.int().min(1).max(200).default(50),
});
export type HistoryQuery = z.infer<typeof HistoryQuery>;

export interface PromptTemplate {
  id: string;
  name: string;
  /** Prompt text with `{variables}` filled in a small form before sending. */
  text: string;
  createdAt: number;
  updatedAt: number;
}

export const TemplateInput = z.strictObject({
  id: z.uuid().optional(),
  name: z
    .string()
    .trim()
    .min(1, 'Give the saved prompt a name.')
    .max(100)
    .refine((name) => !hasControlCharacters(name), 'A name cannot contain control characters.'),
  text: Prompt,
});
export type TemplateInput = z.infer<typeof TemplateInput>;

export const TemplateRef = z.strictObject({ id: z.uuid() });
