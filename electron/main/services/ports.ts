import type { Result } from '../../shared/errors';

/**
 * What the services need from the outside world, as plain interfaces. Adapters in `../adapters`
 * implement them with Electron and native modules; tests and the browser harness pass their own.
 */

/** One secret in the OS keychain (keytar in the app). Any thrown error means "keychain unreachable". */
export interface SecretStore {
  get(): Promise<string | null>;
  set(secret: string): Promise<void>;
  delete(): Promise<void>;
}

/**
 * Raw settings persistence (electron-store in the app, a JSON file in the preview and tests); both read
 * through settings-file.ts. The settings service validates what it reads.
 */
export interface SettingsBackend {
  /** The stored object ({} before the first write); throws UnreadableSettingsError for a file that holds no object. */
  read(): Record<string, unknown>;
  /** Replaces the stored settings whole, atomically: a crash leaves the old file or the new one. */
  write(settings: Record<string, unknown>): Promise<void>;
  /** Renames the settings file aside (it is kept for the user, never deleted) and returns where it went. */
  setAside(now: number): string;
}

/**
 * Text a picture carries about itself, as found: what it means (which key holds a prompt, how EXIF
 * is laid out) is decided in services/embedded-metadata.ts, where it can be tested without sharp.
 */
export interface EmbeddedText {
  /** PNG text chunks (tEXt, zTXt, iTXt) by keyword, decompressed; the first chunk wins for a repeated keyword. */
  pngText: Record<string, string>;
  /** The raw EXIF block (a TIFF header, with or without the `Exif\0\0` prefix JPEG and WebP give it). */
  exif: Uint8Array | null;
  /** The XMP packet, as text. */
  xmp: string | null;
}

/** Formats an export can encode to (the `original` export format copies bytes and never reaches the codec, except to strip). */
export type ConvertFormat = 'png' | 'jpeg' | 'webp' | 'avif';

export interface ConvertOptions {
  format: ConvertFormat;
  /** 1–100; used by JPEG, WebP and AVIF, ignored for PNG (lossless). */
  quality: number;
  /** Longest edge in pixels, never enlarged; null keeps the size. */
  longestEdge: number | null;
  /** EXIF IFD0 tags by their libvips name (e.g. `ImageDescription`, `Software`) as text. */
  exif?: Record<string, string> | null;
  /** A whole XMP packet. */
  xmp?: string | null;
  /** No metadata at all in the output (EXIF, XMP, ICC, text); wins over `exif` and `xmp`. */
  strip: boolean;
}

/**
 * A picture shrunk to fit PLACEHOLDER_EDGE px a side, its shape kept: sRGB, RGBA (not premultiplied),
 * row by row. What a ThumbHash placeholder is computed from (image-metadata/placeholder.ts).
 */
export interface PlaceholderPixels {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/**
 * Longest edge of the pixels a placeholder is made from. ThumbHash takes at most 100 px a side, but
 * keeps at most 7 waves of brightness and 3 of colour along an edge, which 48 samples already hold:
 * the hash's cost grows with the pixels (about 0.8 ms of the main thread per image at 100 px, 0.14
 * at 48, measured), while the picture drawn from it stays within a few levels of the 100 px one
 * (tests/unit/placeholder.test.ts holds it to that).
 */
export const PLACEHOLDER_EDGE = 48;

/**
 * A library thumbnail and, shrunk from the same decode, the pixels of its placeholder. Handed over
 * as soon as the image has decoded, while its WebP is still being encoded: whoever files it can
 * start on its other files (the original, the sidecar) meanwhile instead of after.
 */
export interface Thumbnail {
  /**
   * The WebP, settling after `thumbnail` resolves. Rejects only when the encoder fails on pixels
   * that decoded; nobody awaiting it is not an unhandled rejection (the codec handles it too).
   */
  webp: Promise<Uint8Array>;
  /** Null when they could not be made: a placeholder is a nicety, never a reason to refuse an image. */
  placeholderPixels: PlaceholderPixels | null;
}

/** Decoding and thumbnailing (sharp in the app; sharp is native, so services receive it). */
export interface ImageCodec {
  /** Pixel size of an encoded image as it is shown (EXIF orientation applied); throws when the bytes do not decode. */
  inspect(bytes: Uint8Array): Promise<{ width: number; height: number }>;
  /**
   * A WebP thumbnail whose longest edge is at most `maxEdge`, never upscaled, upright (EXIF
   * orientation applied), and the placeholder's pixels shrunk from it: the image is decoded once for
   * both. Resolves once the image has decoded (the WebP still encoding); throws when it does not decode.
   */
  thumbnail(bytes: Uint8Array, maxEdge: number): Promise<Thumbnail>;
  /**
   * Only the placeholder's pixels, for an image whose thumbnail exists already (pass the thumbnail's
   * bytes: a 512 px WebP decodes far faster than the original). Throws when the bytes do not decode.
   */
  placeholderPixels(bytes: Uint8Array): Promise<PlaceholderPixels>;
  /** Reads only the headers, like `inspect`; throws when the bytes do not decode. */
  readEmbeddedText(bytes: Uint8Array): Promise<EmbeddedText>;
  /**
   * Re-encodes for export: upright (EXIF orientation applied), shrunk to fit `longestEdge`, then
   * encoded with only the metadata asked for. Throws when the bytes do not decode.
   */
  convert(bytes: Uint8Array, options: ConvertOptions): Promise<Uint8Array>;
  /**
   * The picture shown under the pointer while files are dragged out: a PNG (Electron's nativeImage
   * reads only PNG and JPEG) at most DRAG_ICON_EDGE px on a side, upright; for `count` > 1 it shows
   * a stack with the count in a badge. Throws when the bytes do not decode.
   */
  dragIcon(bytes: Uint8Array, count: number): Promise<Uint8Array>;
}

/** Longest edge of the drag icon, in px: big enough to recognise the picture, small enough not to hide the drop target. */
export const DRAG_ICON_EDGE = 96;

/** A system notification (Electron's Notification in the app; nothing in the browser preview). */
export interface Notifier {
  /** Shown only when the app window is not focused: a finished batch should not interrupt someone watching it. */
  notify(title: string, body: string): void;
}

/** Opens an https address in the system browser. Main passes only the allow-listed EXTERNAL_LINKS. */
export interface LinkOpener {
  open(url: string): Promise<void>;
}

/** Asks the user for a folder (the system dialog in the app). Null when they cancel. */
export interface FolderPicker {
  pickFolder(title: string): Promise<string | null>;
}

/** Open and save dialogs: single files (backup archives), or several to open (images to import). Null when the user cancels. */
export interface FilePicker {
  pickFile(title: string, extensions: readonly string[]): Promise<string | null>;
  /** `kind` names the files in the dialog's filter ("Images"). */
  pickFiles(title: string, kind: string, extensions: readonly string[]): Promise<string[] | null>;
  pickSaveFile(title: string, defaultName: string, extensions: readonly string[]): Promise<string | null>;
}

/**
 * The system clipboard: text, an image, or both in one write. The image comes as PNG bytes, encoded
 * by the codec whatever the original's format: it is what every app pastes, and Electron's clipboard
 * drops image bytes it cannot decode (it decodes only PNG and JPEG) without a word.
 */
export interface DesktopClipboard {
  /** Throws when the clipboard refused the content (e.g. an image it could not read). */
  write(content: { text?: string; png?: Uint8Array }): Promise<void>;
}

/**
 * A native file drag out of the window (Electron's webContents.startDrag). Called while the mouse
 * button is still down, so it must not wait for anything. `icon` is PNG bytes.
 */
export interface FileDragger {
  /** An expected failure (no window, an icon Electron cannot show) is data: a drag that did not start says so. */
  startDrag(files: readonly string[], icon: Uint8Array): Result<null>;
}

/** Shows a file or folder in the system file manager. */
export interface FileRevealer {
  reveal(path: string): void;
}
