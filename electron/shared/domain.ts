import { z } from 'zod';
import { ASPECT_RATIOS, DEFAULT_ASPECT_RATIO, PROMPT_MAX_LENGTH } from './constants';

export * from './constants';

export const AspectRatio = z.enum(ASPECT_RATIOS);
export type AspectRatio = z.infer<typeof AspectRatio>;

export const Prompt = z
  .string()
  .max(PROMPT_MAX_LENGTH, `A prompt can be at most ${PROMPT_MAX_LENGTH} characters.`)
  .refine((text) => text.trim().length > 0, 'Write a prompt first.');

export const GenerateInput = z.strictObject({ prompt: Prompt, aspectRatio: AspectRatio });
export type GenerateInput = z.infer<typeof GenerateInput>;

export const ItemId = z.uuid();
export type ItemId = z.infer<typeof ItemId>;

export const ImageMimeType = z.enum(['image/png', 'image/jpeg', 'image/webp']);
export type ImageMimeType = z.infer<typeof ImageMimeType>;

/** One generated image in the library. Also the shape of the JSON sidecar next to each image file. */
export const LibraryItem = z.strictObject({
  id: ItemId,
  prompt: z.string(),
  aspectRatio: AspectRatio,
  model: z.string(),
  width: z.int().positive(),
  height: z.int().positive(),
  /** `rsid-…` from the API; support asks for it. */
  requestId: z.string().nullable(),
  /** Credits charged (`tokens_used` or `credits_used`), null when the response did not say. */
  credits: z.number().nonnegative().nullable(),
  /** Epoch milliseconds. */
  createdAt: z.int().nonnegative(),
  /** sha256 of the original bytes, hex; the file's name in the image store. */
  fileHash: z.string().regex(/^[0-9a-f]{64}$/),
  byteSize: z.int().nonnegative(),
  mimeType: ImageMimeType,
  /** Where the API said the image could be downloaded, kept so a lost file can be fetched again. */
  sourceUrl: z.string().nullable(),
});
export type LibraryItem = z.infer<typeof LibraryItem>;

export const LibraryPageInput = z.strictObject({
  limit: z.int().min(1).max(500).default(100),
  /** Keyset cursor from the previous page; absent for the first (newest) page. */
  cursor: z.string().max(200).optional(),
});
export type LibraryPageInput = z.infer<typeof LibraryPageInput>;
export interface LibraryPage {
  items: LibraryItem[];
  nextCursor: string | null;
  total: number;
}

/** Only printable ASCII without spaces: anything else is a paste accident, not a key. */
export const ApiKeyInput = z.strictObject({
  key: z
    .string()
    .trim()
    .min(8, 'That key is too short to be an AI/ML API key.')
    .max(512, 'That key is too long to be an AI/ML API key.')
    .regex(/^[\x21-\x7e]+$/, 'An API key has no spaces or special characters; check what was pasted.'),
  /** Keep the key in memory for this session only (used when no keychain is reachable). */
  sessionOnly: z.boolean().default(false),
});
export type ApiKeyInput = z.infer<typeof ApiKeyInput>;

export interface KeyStatus {
  stored: boolean;
  /** The last 4 characters, so the user can tell keys apart; never more. */
  last4: string | null;
  /** Where the stored key lives: the OS keychain, or memory for this session only. */
  storage: 'keychain' | 'session' | null;
  keychainAvailable: boolean;
  /** Why the keychain cannot be used, in words for the user; null when it works. */
  keychainMessage: string | null;
}

const isLoopbackHost = (host: string) =>
  host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

/** https anywhere; plain http only to this machine, so the key never crosses a network in clear. */
export const ApiBaseUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      if (url.username || url.password || url.search || url.hash) return false;
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
    } catch {
      return false;
    }
  }, 'Use an https:// address (plain http:// only for this machine, e.g. http://127.0.0.1:8080/v1).')
  .transform((value) => value.replace(/\/+$/, ''));

export const Settings = z.object({
  /** The user's override of the API base URL; null means the default. */
  apiBaseUrl: ApiBaseUrl.nullable().default(null),
  defaultAspectRatio: AspectRatio.default(DEFAULT_ASPECT_RATIO),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsUpdate = z.strictObject({
  apiBaseUrl: ApiBaseUrl.nullable().optional(),
  defaultAspectRatio: AspectRatio.optional(),
});
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

export interface SettingsView extends Settings {
  /** The base URL requests actually go to, and where it came from. */
  effectiveApiBaseUrl: string;
  apiBaseUrlSource: 'environment' | 'settings' | 'default';
}

export const MediaVariant = z.enum(['original', 'thumb']);
export type MediaVariant = z.infer<typeof MediaVariant>;
