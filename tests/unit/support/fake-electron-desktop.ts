import { readFileSync } from 'node:fs';

/**
 * Electron's nativeImage, clipboard (with ClipboardItem) and webContents.startDrag, as strict as the
 * real ones: what Electron refuses or silently drops, this refuses or drops the same way. Each rule
 * names the Electron 45 doc or source file it follows (github.com/electron/electron: docs/api/…,
 * shell/…, lib/browser/api/…). Images are never decoded here, only recognised the way Chromium's
 * decoders recognise their input, so a fake image knows its kind and pixel size, not its pixels.
 */

// ── nativeImage ──────────────────────────────────────────────────────────────────────────────────

export type FakeImageKind = 'png' | 'jpeg' | 'bitmap';

export class FakeNativeImage {
  constructor(
    /** null for an empty image. */
    readonly kind: FakeImageKind | null,
    readonly width: number,
    readonly height: number,
    /** The bytes the image was made from, for tests to inspect (e.g. decode with sharp). */
    readonly bytes: Uint8Array,
  ) {}
  isEmpty() {
    return this.kind === null;
  }
  getSize() {
    return { width: this.width, height: this.height };
  }
}

const EMPTY = new Uint8Array(0);
const emptyImage = () => new FakeNativeImage(null, 0, 0, EMPTY);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ascii = (bytes: Uint8Array, at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length));
const uint32 = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0);
const uint16 = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset + at, 2).getUint16(0);

/**
 * gfx::PNGCodec::Decode (ui/gfx/codec/png_codec.cc, libpng underneath) needs the 8-byte PNG
 * signature, an IHDR chunk first with a non-zero size, and a whole stream up to IEND; anything else
 * decodes to a null bitmap. Checked here by structure, not by inflating the pixels.
 */
function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 8 + 25 + 12 || PNG_SIGNATURE.some((byte, index) => bytes[index] !== byte)) return null;
  if (uint32(bytes, 8) !== 13 || ascii(bytes, 12, 4) !== 'IHDR') return null;
  const width = uint32(bytes, 16);
  const height = uint32(bytes, 20);
  if (width === 0 || height === 0) return null;
  if (ascii(bytes, bytes.length - 8, 4) !== 'IEND') return null;
  return { width, height };
}

/**
 * gfx::JPEGCodec::Decode (ui/gfx/codec/jpeg_codec.cc, libjpeg-turbo underneath) needs the SOI marker
 * and a frame header (SOFn) with a non-zero size before it can produce a bitmap. Walked here by
 * segment lengths; the entropy-coded data after the header is not checked.
 */
function jpegSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return null;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = uint16(bytes, at + 2);
    // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC) in that range.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > bytes.length) return null;
      const height = uint16(bytes, at + 5);
      const width = uint16(bytes, at + 7);
      return width > 0 && height > 0 ? { width, height } : null;
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan data or the end, and no frame header yet
    at += 2 + length;
  }
  return null;
}

/**
 * electron::util::AddImageSkiaRepFromBuffer (shell/common/skia_util.cc): PNG first, JPEG second,
 * then raw BGRA pixels only when the caller gave a width and height and enough bytes for them.
 * Everything else (WebP, AVIF, GIF, text) gives an empty image: docs/api/native-image.md,
 * "Currently, PNG and JPEG image formats are supported across all platforms."
 */
function imageFromBytes(bytes: Uint8Array, width = 0, height = 0): FakeNativeImage {
  const png = pngSize(bytes);
  if (png) return new FakeNativeImage('png', png.width, png.height, bytes);
  const jpeg = jpegSize(bytes);
  if (jpeg) return new FakeNativeImage('jpeg', jpeg.width, jpeg.height, bytes);
  if (width > 0 && height > 0 && bytes.length >= width * height * 4) return new FakeNativeImage('bitmap', width, height, bytes);
  return emptyImage();
}

export const nativeImage = {
  createEmpty: emptyImage,

  /**
   * NativeImage::CreateFromPath (shell/common/api/electron_api_native_image.cc) reads the file and
   * decodes it like a buffer; a missing or unreadable file is an empty image, never an error.
   * (The @2x-style scale variants it also looks for, and .ico on Windows, are not modelled.)
   */
  createFromPath(path: string): FakeNativeImage {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch {
      return emptyImage();
    }
    return imageFromBytes(bytes);
  },

  /**
   * NativeImage::CreateFromBuffer: a non-Buffer throws "buffer must be a node Buffer" (Node's
   * Buffer::HasInstance accepts any ArrayBufferView); `width`/`height` matter only for raw pixels.
   */
  createFromBuffer(buffer: unknown, options: { width?: number; height?: number } = {}): FakeNativeImage {
    if (!ArrayBuffer.isView(buffer)) throw new Error('buffer must be a node Buffer');
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    return imageFromBytes(bytes, options.width ?? 0, options.height ?? 0);
  },
};

// ── webContents.startDrag ────────────────────────────────────────────────────────────────────────

export interface FakeDrag {
  files: string[];
  icon: FakeNativeImage;
}

/**
 * WebContents::StartDrag (shell/browser/api/electron_api_web_contents.cc), in its order:
 * 1. `files` wins over `file` (docs/api/web-contents.md); an array given as `files`, even an empty
 *    one, means `file` is not looked at.
 * 2. No `icon` throws "'icon' parameter is required".
 * 3. The icon goes through NativeImage::TryConvertNativeImage: a path that does not load throws
 *    "Failed to load image from path '…'", anything else that is not a NativeImage throws
 *    "Argument must be a file path or a NativeImage"; an EMPTY NativeImage returns silently — no
 *    drag, no error, which is how a WebP icon used to make drag-out do nothing.
 * 4. Only then: no files throws "Must specify either 'file' or 'files' option".
 * A drag that starts is recorded in `drags`.
 */
export function fakeStartDrag(item: { file?: unknown; files?: unknown; icon?: unknown }, drags: FakeDrag[]): void {
  const files = Array.isArray(item.files)
    ? item.files.filter((file): file is string => typeof file === 'string')
    : typeof item.file === 'string'
      ? [item.file]
      : [];
  if (item.icon === undefined) throw new Error("'icon' parameter is required");
  let icon: FakeNativeImage;
  if (typeof item.icon === 'string') {
    icon = nativeImage.createFromPath(item.icon);
    if (icon.isEmpty()) throw new Error(`Failed to load image from path '${item.icon}'`);
  } else if (item.icon instanceof FakeNativeImage) {
    icon = item.icon;
  } else {
    throw new Error('Argument must be a file path or a NativeImage');
  }
  if (icon.isEmpty()) return;
  if (files.length === 0) throw new Error("Must specify either 'file' or 'files' option");
  drags.push({ files, icon });
}

// ── clipboard and ClipboardItem ──────────────────────────────────────────────────────────────────

type Payload = string | Blob | { title: string; url: string } | Promise<string | Blob>;
const BOOKMARK = 'electron application/bookmark';

/**
 * lib/browser/api/clipboard-item.ts: the constructor wants a plain object with at least one MIME
 * type; payloads are checked later, when clipboard.write resolves them.
 */
export class FakeClipboardItem {
  readonly #data: Record<string, Payload>;
  constructor(items: Record<string, Payload>) {
    if (typeof items !== 'object' || items === null || Array.isArray(items)) {
      throw new TypeError("Failed to construct 'ClipboardItem': 1 argument required — an object mapping MIME types to payloads.");
    }
    if (Object.keys(items).length === 0) throw new TypeError("Failed to construct 'ClipboardItem': at least one MIME type is required.");
    this.#data = { ...items };
  }
  get types() {
    return Object.keys(this.#data);
  }
  /** Resolves promises and Blobs as the JS facade does before the native write ([kToNative]). */
  async resolve(): Promise<Array<[string, unknown]>> {
    const entries: Array<[string, unknown]> = [];
    for (const [mime, value] of Object.entries(this.#data)) {
      const resolved: unknown = await value;
      entries.push([mime, resolved instanceof Blob ? new Uint8Array(await resolved.arrayBuffer()) : resolved]);
    }
    return entries;
  }
}

/** What the system clipboard holds after the fake's writes. */
export interface FakeClipboardContents {
  text?: string;
  html?: string;
  /** A decoded image: only PNG or JPEG bytes become one. */
  image?: FakeNativeImage;
  /** Everything else, by MIME type, as the bytes written. */
  raw: Record<string, Uint8Array>;
}

export function createFakeClipboard() {
  let contents: FakeClipboardContents | null = null;

  /** shell/browser/api/electron_api_clipboard_item.cc PayloadToUtf8: a string or bytes, else a TypeError. */
  const payloadBytes = (value: unknown): Uint8Array => {
    if (typeof value === 'string') return new TextEncoder().encode(value);
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    throw new TypeError('ClipboardItem payload values must be a string or a Blob');
  };

  const clipboard = {
    /**
     * lib/browser/api/clipboard.ts + Clipboard::Write / ClipboardItem::WriteTo:
     * - not an array of ClipboardItem: TypeError "clipboard.write expects an array of ClipboardItem";
     * - every payload is resolved and type-checked before anything is written (atomic);
     * - text/plain and text/html are text; image/* bytes are decoded like nativeImage.createFromBuffer
     *   (PNG or JPEG only) and an image that does not decode is SILENTLY left out;
     * - ui/base/clipboard/scoped_clipboard_writer.cc commits only when something was written: a write
     *   whose only entry was an undecodable image leaves the previous contents in place.
     */
    async write(items: unknown): Promise<void> {
      if (!Array.isArray(items) || items.some((item) => !(item instanceof FakeClipboardItem))) {
        throw new TypeError('clipboard.write expects an array of ClipboardItem');
      }
      const next: FakeClipboardContents = { raw: {} };
      let wrote = false;
      for (const item of items as FakeClipboardItem[]) {
        for (const [mime, value] of await item.resolve()) {
          if (mime === BOOKMARK) {
            if (typeof value !== 'object' || value === null) {
              throw new TypeError('ClipboardItem payload for `electron application/bookmark` must be an object with `title` and `url` properties');
            }
            next.raw[mime] = new TextEncoder().encode(JSON.stringify(value));
            wrote = true;
            continue;
          }
          const bytes = payloadBytes(value);
          if (mime === 'text/plain') next.text = new TextDecoder().decode(bytes);
          else if (mime === 'text/html') next.html = new TextDecoder().decode(bytes);
          else if (mime.startsWith('image/')) {
            const image = imageFromBytes(bytes);
            if (image.isEmpty()) continue;
            next.image = image;
          } else next.raw[mime] = bytes;
          wrote = true;
        }
      }
      if (wrote) contents = next;
    },
    /** docs/api/clipboard.md: readText resolves with the plain text, '' when there is none. */
    async readText(): Promise<string> {
      return contents?.text ?? '';
    },
    clear() {
      contents = null;
    },
  };

  return {
    clipboard,
    ClipboardItem: FakeClipboardItem,
    /** What is on the clipboard now; null when nothing was ever written. */
    contents: () => contents,
  };
}
