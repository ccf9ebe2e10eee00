import { z } from 'zod';
import { DEFAULT_ASPECT_RATIO, DEFAULT_CONCURRENCY, DRAG_FORMATS, MAX_CONCURRENCY } from '../constants';
import { hasControlCharacters } from '../control-characters';
import { AspectRatio } from './generation';

/** The API key (as far as the renderer may know it) and the settings. */

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

/**
 * `key:test`: the key typed in the field (not saved yet), or none to test the stored key. The same
 * rules as saving, so a test never sends what a save would refuse.
 */
export const KeyTestInput = z.strictObject({
  key: ApiKeyInput.shape.key.optional(),
});
export type KeyTestInput = z.infer<typeof KeyTestInput>;

/** The API accepted the key on a request that costs nothing; the balance when the answer carried one. */
export interface KeyTestResult {
  /** Which key was tested: the one typed in, or the stored one. */
  tested: 'typed' | 'stored';
  balanceUsd: number | null;
}

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

const isLoopbackHost = (host: string) => host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

/** https anywhere; plain http only to this machine, so the key never crosses a network in clear. */
export const ApiBaseUrl = z
  .string()
  .trim()
  .max(2048)
  // The URL parser would silently drop tabs and line breaks inside; an address with any is a paste accident.
  .refine((value) => !hasControlCharacters(value), 'An address cannot contain control characters.')
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

/** Appearance: follow the system, or always light or dark. */
export const THEMES = ['system', 'light', 'dark'] as const;
export const Theme = z.enum(THEMES);
export type Theme = z.infer<typeof Theme>;

const Concurrency = z.int().min(1).max(MAX_CONCURRENCY);
const DailyBudgetUsd = z.number().positive('A budget is more than $0.').max(100_000);

export const Settings = z.object({
  /** The user's override of the API base URL; null means the default. */
  apiBaseUrl: ApiBaseUrl.nullable().default(null),
  defaultAspectRatio: AspectRatio.default(DEFAULT_ASPECT_RATIO),
  /** Requests in flight at once. */
  concurrency: Concurrency.default(DEFAULT_CONCURRENCY),
  /** Spend per calendar day (local time) after which new jobs are refused; null for none. */
  dailyBudgetUsd: DailyBudgetUsd.nullable().default(null),
  /** A system notification when a batch finishes while the window is in the background. */
  notifyWhenDone: z.boolean().default(true),
  /** What dragging a tile out of the window hands over: the original file, or a copy converted to this format. */
  dragFormat: z.enum(DRAG_FORMATS).default('original'),
  /** Where the library folder is when the user moved it; null: inside the data folder. Set by main only. */
  libraryLocation: z.string().min(1).max(4096).nullable().default(null),
  theme: Theme.default('system'),
});
export type Settings = z.infer<typeof Settings>;

export const SettingsUpdate = z.strictObject({
  apiBaseUrl: ApiBaseUrl.nullable().optional(),
  defaultAspectRatio: AspectRatio.optional(),
  concurrency: Concurrency.optional(),
  dailyBudgetUsd: DailyBudgetUsd.nullable().optional(),
  notifyWhenDone: z.boolean().optional(),
  dragFormat: z.enum(DRAG_FORMATS).optional(),
  theme: Theme.optional(),
});
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

export interface SettingsView extends Settings {
  /** The base URL requests actually go to, and where it came from. */
  effectiveApiBaseUrl: string;
  apiBaseUrlSource: 'environment' | 'settings' | 'default';
}
