/**
 * Plain constants of the domain, free of zod, so the renderer can import them without bundling
 * schema code (zod's eval probe would also trip the page's CSP). shared/domain re-exports them.
 */

/**
 * Reverie's identity on the OS, kept equal to `appId` in electron-builder.yml (a test checks it).
 * electron-builder gives the Windows installer's Start Menu shortcut this AppUserModelID, and Windows
 * shows a process's notifications only when the process carries the same id (Electron's
 * docs/tutorial/notifications.md), so main sets it at startup on Windows.
 */
export const APP_ID = 'app.reverie.studio';

/** The model a plain prompt is sent to (Create). */
export const MODEL_ID = 'reve/create-image';

/**
 * The Reve models on the same endpoint (docs/reference: aiml-reve-api.md): create from a prompt;
 * edit one source image by an instruction (no aspect_ratio: the output follows the input); remix
 * 1–4 reference images into a new one (aspect_ratio as create).
 */
export const MODEL_IDS = ['reve/create-image', 'reve/edit-image', 'reve/remix-edit-image'] as const;
export type ModelId = (typeof MODEL_IDS)[number];
export const EDIT_MODEL_ID: ModelId = 'reve/edit-image';
export const REMIX_MODEL_ID: ModelId = 'reve/remix-edit-image';
/** The most references a remix takes (`image_urls`, 1–4 items). */
export const MAX_REMIX_REFERENCES = 4;

/** The API rejects longer prompts with a 400; counted in characters (code points) by shared/prompt-length.ts, which says why. */
export const PROMPT_MAX_LENGTH = 2560;

export const ASPECT_RATIOS = ['16:9', '9:16', '3:2', '2:3', '4:3', '3:4', '1:1'] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];
export const DEFAULT_ASPECT_RATIO: AspectRatio = '3:2';

/**
 * Pixel size the API returns for each ratio (about one megapixel). 16:9, 3:2 and 4:3 are verified;
 * the portrait and square sizes are inferred, so stored items record the size actually decoded.
 */
export const ASPECT_RATIO_PIXELS: Readonly<Record<AspectRatio, { width: number; height: number }>> = {
  '16:9': { width: 1360, height: 768 },
  '9:16': { width: 768, height: 1360 },
  '3:2': { width: 1248, height: 832 },
  '2:3': { width: 832, height: 1248 },
  '4:3': { width: 1168, height: 880 },
  '3:4': { width: 880, height: 1168 },
  '1:1': { width: 1024, height: 1024 },
};

/** How long main waits for the OS keychain to answer one call (services/settings/keychain-calls.ts); the key settings say so while saving. */
export const KEYCHAIN_TIMEOUT_MS = 15_000;

export const DEFAULT_API_BASE_URL = 'https://api.aimlapi.com/v1';
export const API_BASE_URL_ENV = 'REVERIE_API_BASE_URL';

/** 1 USD buys 2,000,000 credits on the AI/ML API. */
export const CREDITS_PER_USD = 2_000_000;

/** Images per aspect ratio in one click; each is its own request (and its own charge). */
export const MAX_IMAGES_PER_RATIO = 8;

/** How the API hands the image back: a download link (the API's default) or inline base64. */
export const DELIVERIES = ['url', 'base64'] as const;
export type Delivery = (typeof DELIVERIES)[number];

/** `output_format` values besides the API's default (`json`); the effect is undocumented, so it sits under Advanced. */
export const OUTPUT_FORMATS = ['png', 'jpeg', 'webp'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const DEFAULT_CONCURRENCY = 3;
export const MAX_CONCURRENCY = 8;

/** What one create has cost when the API said (126,000 credits ≈ $0.063); used to estimate before sending. */
export const TYPICAL_CREDITS_PER_IMAGE = 126_000;

/**
 * Credits per image by model from the docs' examples (create 126,000; edit and remix 210,000 ≈
 * $0.105): the estimate when the live price list (GET /v1/models?include=pricing) cannot be read.
 */
export const DOC_CREDITS_PER_IMAGE: Readonly<Record<ModelId, number>> = {
  'reve/create-image': TYPICAL_CREDITS_PER_IMAGE,
  'reve/edit-image': 210_000,
  'reve/remix-edit-image': 210_000,
};

/**
 * The only external pages Reverie opens, by name: the renderer asks for a name, never a URL, so a
 * compromised page cannot make main open an arbitrary address.
 */
export const EXTERNAL_LINKS = {
  billing: 'https://aimlapi.com/app/billing',
  keys: 'https://aimlapi.com/app/keys',
  docs: 'https://docs.aimlapi.com/api-references/image-models/reve/create-image',
} as const;
export type ExternalLinkName = keyof typeof EXTERNAL_LINKS;

/** What an export can write: the original bytes untouched, or a conversion. */
export const EXPORT_FORMATS = ['original', 'png', 'jpeg', 'webp', 'avif'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Tokens a file-name template may use, e.g. `{date}_{time}_{prompt}`. */
export const NAMING_TOKENS = ['date', 'time', 'prompt', 'aspect', 'id', 'index', 'request_id'] as const;
export const DEFAULT_NAMING_TEMPLATE = '{date}_{time}_{prompt}';

/** What an export does unless the user changes it (the schema in domain/export.ts applies these too). */
export const DEFAULT_EXPORT_OPTIONS = {
  format: 'original',
  quality: 90,
  longestEdge: null,
  namingTemplate: DEFAULT_NAMING_TEMPLATE,
  metadata: 'embed',
  sidecars: false,
  manifest: true,
  zip: false,
  onConflict: 'rename',
} as const;

/** What dragging a tile out of the window can hand over: the original file, or a converted copy. */
export const DRAG_FORMATS = ['original', 'png', 'jpeg', 'webp'] as const;
export type DragFormat = (typeof DRAG_FORMATS)[number];

/**
 * The application menu's own commands. Main only says which one was chosen (the `menu:command`
 * event); the page does it, as if its own button had been pressed.
 */
export const MENU_COMMANDS = ['open-settings', 'generate', 'import', 'export', 'backup'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** The largest image file imported, dropped or picked (ImportInput, and main's reading of picked files). */
export const IMPORT_MAX_FILE_BYTES = 64 * 2 ** 20;
/** The longest name kept for an imported file (the renderer cuts longer ones rather than fail a batch). */
export const IMPORT_MAX_NAME_LENGTH = 255;
