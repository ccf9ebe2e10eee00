import { z } from 'zod';
import { DEFAULT_EXPORT_OPTIONS, EXPORT_FORMATS, type DragFormat } from '../constants';
import { hasControlCharacters } from '../control-characters';
import { ItemId } from './library-item';
import { Selection } from './library-query';

/** How images leave Reverie: export to a folder or ZIP, the clipboard, and dragging tiles out of the window. */

/** Format, size (never upscaled), names, metadata, and what comes with the images. */
export const ExportOptions = z.strictObject({
  format: z.enum(EXPORT_FORMATS).default(DEFAULT_EXPORT_OPTIONS.format),
  /** 1–100, for JPEG, WebP and AVIF. */
  quality: z.int().min(1).max(100).default(DEFAULT_EXPORT_OPTIONS.quality),
  /** Longest edge in pixels; null keeps the original size. Never enlarges. */
  longestEdge: z.int().min(16).max(16_384).nullable().default(DEFAULT_EXPORT_OPTIONS.longestEdge),
  namingTemplate: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((template) => !hasControlCharacters(template), 'A file name template cannot contain control characters.')
    .default(DEFAULT_EXPORT_OPTIONS.namingTemplate),
  /** Embed the prompt and parameters (PNG text + XMP; EXIF/XMP for JPEG and WebP), or strip all metadata for sharing. */
  metadata: z.enum(['embed', 'strip']).default(DEFAULT_EXPORT_OPTIONS.metadata),
  /** A JSON sidecar per image. */
  sidecars: z.boolean().default(DEFAULT_EXPORT_OPTIONS.sidecars),
  /** One CSV manifest for the batch. */
  manifest: z.boolean().default(DEFAULT_EXPORT_OPTIONS.manifest),
  /** One ZIP (streamed, manifest inside) instead of loose files. */
  zip: z.boolean().default(DEFAULT_EXPORT_OPTIONS.zip),
  /** An existing file of the same name: skip it, pick a new name, or replace it (only after the user confirmed). */
  onConflict: z.enum(['skip', 'rename', 'overwrite']).default(DEFAULT_EXPORT_OPTIONS.onConflict),
});
export type ExportOptions = z.infer<typeof ExportOptions>;

export interface ExportSummary {
  /** Every file written (inside the destination, or inside the archive): images, their sidecars and the manifest. */
  written: string[];
  /** How many of `written` are images. */
  images: number;
  skipped: Array<{ name: string; reason: string }>;
  failed: Array<{ id: string; prompt: string; reason: string }>;
  /** The archive's file name when exporting as ZIP. */
  archive: string | null;
  cancelled: boolean;
}

export const ExportStart = z.strictObject({ selection: Selection, options: ExportOptions });
export const ExportRef = z.strictObject({ exportId: z.uuid() });
export interface ExportProgress {
  exportId: string;
  done: number;
  total: number;
}
export interface ExportFinished {
  exportId: string;
  summary: ExportSummary;
  /** Where the files went, for the user to see ("Show in folder" asks main to open it). */
  destination: string;
}

/** Copy from the library: the image itself, its prompt, or both at once. */
export const ClipboardCopy = z.strictObject({ id: ItemId, what: z.enum(['image', 'prompt', 'both']) });

/**
 * Dragging tiles out of the window: the renderer names ids; main hands the files to the OS. The same
 * shape asks main to make a drag ready before it starts (drag:prepare).
 */
export const DragStart = z.strictObject({ ids: z.array(ItemId).min(1).max(100) });

/** What a drag hands (or will hand) to the OS. */
export interface DragReady {
  files: number;
  /** The format of the files: the one in Settings, or `original` when converted copies were not ready in time. */
  format: DragFormat;
  /** Items left out: no image file, or one that could not be handed over. */
  skipped: number;
}
