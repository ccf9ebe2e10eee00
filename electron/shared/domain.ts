import { z } from 'zod';
import {
  ASPECT_RATIOS,
  DEFAULT_ASPECT_RATIO,
  DEFAULT_EXPORT_OPTIONS,
  DRAG_FORMATS,
  EXPORT_FORMATS,
  DEFAULT_CONCURRENCY,
  DELIVERIES,
  EXTERNAL_LINKS,
  MAX_CONCURRENCY,
  MAX_IMAGES_PER_RATIO,
  OUTPUT_FORMATS,
  PROMPT_MAX_LENGTH,
  type DragFormat,
} from './constants';
import type { AppError } from './errors';
import {
  hasControlCharacters,
  hasControlCharactersBesidesLineBreaks,
  removeControlCharactersBesidesLineBreaks,
  spaceOutControlCharacters,
} from './control-characters';

export * from './constants';

export const AspectRatio = z.enum(ASPECT_RATIOS);
export type AspectRatio = z.infer<typeof AspectRatio>;

/** A prompt as a job keeps it: read back as it was sent, also from before control characters were refused. */
const SentPrompt = z
  .string()
  .max(PROMPT_MAX_LENGTH, `A prompt can be at most ${PROMPT_MAX_LENGTH} characters.`)
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
 * queued → sending → downloading → saving → done, or failed / cancelled / refused (policy).
 * retry-wait: a failure that is safe to resend (429, connection refused) waiting for its backoff.
 * interrupted: the app stopped while the request was out; it may have been charged and is never resent by itself.
 */
export const JOB_STATES = ['queued', 'retry-wait', 'sending', 'downloading', 'saving', 'done', 'failed', 'cancelled', 'refused', 'interrupted'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const ACTIVE_JOB_STATES: readonly JobState[] = ['queued', 'retry-wait', 'sending', 'downloading', 'saving'];

export interface Job {
  id: string;
  batchId: string;
  params: GenerationParams;
  state: JobState;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Sends so far, automatic retries included. */
  attempts: number;
  /** When a retry-wait job will be sent again (epoch ms), for the countdown. */
  retryAt: number | null;
  error: AppError | null;
  /** The library item, once done. */
  itemId: string | null;
  requestId: string | null;
  credits: number | null;
  /** Where the paid image can still be downloaded when the download failed or was cancelled. */
  sourceUrl: string | null;
  mayHaveBeenCharged: boolean;
}

export interface QueueSnapshot {
  jobs: Job[];
  /** Jobs restored from the last session wait for the user to resume them: nothing is sent unasked. */
  paused: boolean;
  concurrency: number;
}

export const JobRef = z.strictObject({ jobId: z.uuid() });
export type JobRef = z.infer<typeof JobRef>;

export interface CostSummary {
  todayCredits: number;
  monthCredits: number;
  dailyBudgetUsd: number | null;
  /** True once today's spend has reached the budget: new jobs are refused before anything is sent. */
  budgetReached: boolean;
}

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

export const ExternalLinkName = z.enum(Object.keys(EXTERNAL_LINKS) as [keyof typeof EXTERNAL_LINKS, ...(keyof typeof EXTERNAL_LINKS)[]]);
export const OpenLinkInput = z.strictObject({ link: ExternalLinkName });

export const ItemId = z.uuid();
export type ItemId = z.infer<typeof ItemId>;
export const ItemRef = z.strictObject({ id: ItemId });

export const ImageMimeType = z.enum(['image/png', 'image/jpeg', 'image/webp']);
export type ImageMimeType = z.infer<typeof ImageMimeType>;

export const ITEM_STATUSES = ['ok', 'refused', 'download-failed'] as const;
export const ItemStatus = z.enum(ITEM_STATUSES);
export type ItemStatus = z.infer<typeof ItemStatus>;

export const TagName = z
  .string()
  .trim()
  .min(1, 'A tag needs a name.')
  .max(60, 'A tag can be at most 60 characters.')
  .refine((name) => !hasControlCharacters(name), 'A tag cannot contain control characters.');

export const CollectionName = z
  .string()
  .trim()
  .min(1, 'A collection needs a name.')
  .max(100)
  .refine((name) => !hasControlCharacters(name), 'A collection name cannot contain control characters.');

/**
 * One generation in the library, with or without an image: a refused prompt or a paid image whose
 * download failed is listed too, so nothing the user paid for disappears. Also the shape of the JSON
 * sidecar next to each image file (the library can be rebuilt from the folder alone).
 */
export const LibraryItem = z.strictObject({
  id: ItemId,
  prompt: z.string(),
  aspectRatio: AspectRatio,
  model: z.string(),
  status: ItemStatus,
  /** Generated here, or imported from files dropped into the window. */
  origin: z.enum(['generated', 'imported']),
  width: z.int().positive().nullable(),
  height: z.int().positive().nullable(),
  /** `rsid-…` from the API; support asks for it. */
  requestId: z.string().nullable(),
  /** Credits charged (`tokens_used` or `credits_used`), null when the response did not say. */
  credits: z.number().nonnegative().nullable(),
  /** Epoch milliseconds. */
  createdAt: z.int().nonnegative(),
  /** sha256 of the original bytes, hex; the file's name in the image store. Null without an image. */
  fileHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  byteSize: z.int().nonnegative().nullable(),
  mimeType: ImageMimeType.nullable(),
  /** Where the API said the image could be downloaded, kept so a lost file can be fetched again. */
  sourceUrl: z.string().nullable(),
  favorite: z.boolean(),
  tags: z.array(z.string()),
  collectionIds: z.array(z.uuid()),
  /** When it was moved to the trash; null when it is in the library. */
  trashedAt: z.int().nonnegative().nullable(),
  /** The row points at an image file that is no longer on disk: shown as missing, never hidden. */
  fileMissing: z.boolean(),
});
export type LibraryItem = z.infer<typeof LibraryItem>;

/** What the library shows: full-text search plus filters, newest or oldest first. */
export const LibraryQuery = z.strictObject({
  /** A search: control characters are spaced out, not refused. */
  text: z.string().max(500).overwrite(spaceOutControlCharacters).default(''),
  aspectRatios: z.array(AspectRatio).max(ASPECT_RATIOS.length).default([]),
  /** createdAt range, epoch ms: from inclusive, to exclusive. */
  from: z.int().nonnegative().nullable().default(null),
  to: z.int().nonnegative().nullable().default(null),
  favoritesOnly: z.boolean().default(false),
  /** Items carrying every one of these tags. */
  tags: z.array(TagName).max(20).default([]),
  collectionId: z.uuid().nullable().default(null),
  model: z
    .string()
    .max(200)
    .refine((model) => !hasControlCharacters(model), 'A model name cannot contain control characters.')
    .nullable()
    .default(null),
  /** Any of these; empty means all. `missing`: the image file is gone from disk. */
  statuses: z.array(z.enum([...ITEM_STATUSES, 'missing'])).max(4).default([]),
  /** The library, or the trash. */
  view: z.enum(['library', 'trash']).default('library'),
  sort: z.enum(['newest', 'oldest']).default('newest'),
});
export type LibraryQuery = z.infer<typeof LibraryQuery>;

export const LibraryPageInput = z.strictObject({
  query: LibraryQuery.default(LibraryQuery.parse({})),
  limit: z.int().min(1).max(500).default(200),
  /** Keyset cursor from the previous page, for scrolling on. */
  cursor: z.string().max(300).optional(),
  /** Row position to start at, for a jump (scrollbar drag) where no cursor is at hand. */
  offset: z.int().min(0).max(10_000_000).optional(),
});
export type LibraryPageInput = z.infer<typeof LibraryPageInput>;
export interface LibraryPage {
  items: LibraryItem[];
  nextCursor: string | null;
  /** How many items match the query, so the grid can size itself before the rest is loaded. */
  total: number;
}

/** What a bulk action applies to: listed ids, or everything a query matches except some (select all). */
export const Selection = z.union([
  z.strictObject({ ids: z.array(ItemId).min(1).max(10_000) }),
  z.strictObject({ query: LibraryQuery, except: z.array(ItemId).max(10_000).default([]) }),
]);
export type Selection = z.infer<typeof Selection>;

export const FavoriteInput = z.strictObject({ selection: Selection, favorite: z.boolean() });
export const TagInput = z.strictObject({ selection: Selection, tag: TagName });
export const TagRename = z.strictObject({ from: TagName, to: TagName });
export const TagQuery = z.strictObject({ prefix: z.string().max(60).overwrite(spaceOutControlCharacters).default(''), limit: z.int().min(1).max(100).default(20) });
export interface TagCount {
  name: string;
  count: number;
}

export const CollectionRef = z.strictObject({ id: z.uuid() });
export const CollectionCreate = z.strictObject({ name: CollectionName });
export const CollectionRename = z.strictObject({ id: z.uuid(), name: CollectionName });
export const CollectionMembership = z.strictObject({ collectionId: z.uuid(), selection: Selection });
export interface Collection {
  id: string;
  name: string;
  count: number;
  createdAt: number;
}

export const SelectionInput = z.strictObject({ selection: Selection });
/** Emptying the trash deletes files for good; the renderer must say so and the user confirm. */
export const EmptyTrashInput = z.strictObject({ confirm: z.literal(true) });

/** The result of an organize action, and what Undo would do next. */
export interface ChangeSummary {
  changed: number;
  /** A sentence for the undo toast, e.g. "Moved 3 images to the trash"; null when there is nothing to undo. */
  undoLabel: string | null;
}

/** Files dropped into the window, sent as bytes: the renderer never hands main a path. */
export const ImportInput = z.strictObject({
  files: z
    .array(
      z.strictObject({
        /** Only shown (and a prompt when the image carries none): control characters are spaced out. */
        name: z.string().max(255).overwrite(spaceOutControlCharacters),
        bytes: z
          .custom<Uint8Array>((value) => value instanceof Uint8Array, 'Expected the file as bytes.')
          .refine((bytes) => bytes.byteLength <= 64 * 2 ** 20, 'Files over 64 MB are not imported.'),
      }),
    )
    .min(1)
    .max(100),
});
export interface ImportResult {
  imported: LibraryItem[];
  skipped: Array<{ name: string; reason: string }>;
}

export interface LibraryLocation {
  /** Where the library folder is, for the user to see. Main never accepts a path back. */
  path: string;
}

/** Move library: the library was moved to `path`, or the folder picked was a Reverie library and is open now. */
export interface LibraryMoveResult extends LibraryLocation {
  outcome: 'moved' | 'opened';
  /** After 'opened': where the library open before is, left as it was. */
  previousLibrary: string | null;
}

export interface MaintenanceReport {
  reindexed: number;
  missingFiles: number;
  problems: string[];
}

export interface NetworkStatus {
  /** False after a request could not reach the API at all; generation waits instead of failing. */
  online: boolean;
  checkedAt: number;
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
});
export type Settings = z.infer<typeof Settings>;

export const SettingsUpdate = z.strictObject({
  apiBaseUrl: ApiBaseUrl.nullable().optional(),
  defaultAspectRatio: AspectRatio.optional(),
  concurrency: Concurrency.optional(),
  dailyBudgetUsd: DailyBudgetUsd.nullable().optional(),
  notifyWhenDone: z.boolean().optional(),
  dragFormat: z.enum(DRAG_FORMATS).optional(),
});
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

export interface SettingsView extends Settings {
  /** The base URL requests actually go to, and where it came from. */
  effectiveApiBaseUrl: string;
  apiBaseUrlSource: 'environment' | 'settings' | 'default';
}

export const MediaVariant = z.enum(['original', 'thumb']);
export type MediaVariant = z.infer<typeof MediaVariant>;

/** How images leave Reverie: format, size (never upscaled), names, metadata, and what comes with them. */
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
  /** File names written (inside the destination, or inside the archive). */
  written: string[];
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


export const RestoreInput = z.strictObject({
  /** replace: the archive becomes the library (the current folder is kept, untouched); merge: add what is new. */
  mode: z.enum(['replace', 'merge']),
});
export interface BackupResult {
  items: number;
  files: number;
  /** Where the archive was written, for the user to see. */
  archive: string;
}
export interface RestoreResult {
  mode: 'replace' | 'merge';
  added: number;
  skipped: number;
  /** After a replace, where the previous library folder was left. */
  previousLibrary: string | null;
}

/**
 * Something main found and fixed on its own (a damaged database set aside, unreadable settings,
 * recovered images) that the user must hear about. The path it names stays in main: the renderer
 * asks main to show it by the notice's id.
 */
export interface Notice {
  id: string;
  severity: 'info' | 'warning';
  title: string;
  /** One or two plain sentences, naming where anything set aside was kept. */
  message: string;
  /** Whether "Show in folder" has something to show. */
  revealable: boolean;
  /** What the notice offers to do about it, besides showing and dismissing: `rebuild-library` runs `library:rebuild`. */
  action?: NoticeAction;
  createdAt: number;
}
export const NOTICE_ACTIONS = ['rebuild-library'] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];
export const NoticeRef = z.strictObject({ id: z.uuid() });
