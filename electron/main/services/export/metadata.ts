import { CREDITS_PER_USD, type ExportOptions, type LibraryItem } from '../../../shared/domain';
import { REVERIE_TEXT_KEY } from '../image-metadata/embedded-metadata';
import { IMAGE_EXTENSIONS } from '../image-type';
import { withJpegXmp } from '../image-metadata/jpeg-xmp';
import { replacingPngText, withPngText, type PngTextChunk } from '../image-metadata/png-text-chunks';
import { withWebpXmp } from '../image-metadata/webp-xmp';
import type { ConvertFormat, ImageCodec } from '../ports';

/**
 * What an exported image carries about itself, and the sidecar and manifest beside it. The embedded
 * fields are the ones Reverie's own import reads back (embedded-metadata.ts), so an exported image
 * dropped into another library arrives with its prompt, ratio, model and date.
 */

export const SOFTWARE = 'Reverie';
/** Namespace of Reverie's own XMP property, which holds the same JSON as the `reverie` PNG text chunk. */
export const REVERIE_XMP_NAMESPACE = 'https://reverie.app/ns/export/1.0/';

/** The JSON of the `reverie` PNG text chunk (and of the XMP `reverie:export` property). */
export function reverieJson(item: LibraryItem): string {
  const { prompt, aspectRatio, model, requestId, createdAt, credits, id } = item;
  return JSON.stringify({ prompt, aspectRatio, model, requestId, createdAt, credits, id });
}

// eslint-disable-next-line no-control-regex -- characters XML 1.0 cannot carry at all, even escaped
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

const escapeXml = (text: string) => text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An XMP packet with the prompt as dc:description (what photo tools show as the caption) and Reverie's JSON. */
export function xmpPacket(item: LibraryItem): string {
  return (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"' +
    ` xmlns:reverie="${REVERIE_XMP_NAMESPACE}">` +
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(item.prompt)}</rdf:li></rdf:Alt></dc:description>` +
    `<xmp:CreatorTool>${SOFTWARE}</xmp:CreatorTool>` +
    `<xmp:CreateDate>${new Date(item.createdAt).toISOString()}</xmp:CreateDate>` +
    `<reverie:export>${escapeXml(reverieJson(item))}</reverie:export>` +
    '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
  );
}

/** PNG text: `prompt` as other tools look for it, `reverie` for Reverie's import, UTF-8 (iTXt) so any prompt survives. */
export function pngTextChunks(item: LibraryItem): PngTextChunk[] {
  return [
    { keyword: 'prompt', text: item.prompt, kind: 'iTXt' },
    { keyword: REVERIE_TEXT_KEY, text: reverieJson(item), kind: 'iTXt' },
    { keyword: 'Software', text: SOFTWARE, kind: 'tEXt' },
  ];
}

/**
 * EXIF IFD0 for JPEG, WebP and AVIF: the prompt where cameras keep a caption, but only when it is
 * plain ASCII. libvips writes EXIF strings as ASCII and transliterates the rest (`—` → `--`, emoji →
 * `?`), and readers (Reverie's import included) prefer EXIF over XMP, so a mangled copy there would
 * win over the exact one in XMP. Without it, the prompt is read from XMP's dc:description.
 */
export function exifFields(item: LibraryItem): Record<string, string> {
  return /^[\x20-\x7e]*$/.test(item.prompt) ? { ImageDescription: item.prompt, Software: SOFTWARE } : { Software: SOFTWARE };
}

const MIME_FORMAT = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/webp': 'webp' } as const satisfies Record<string, ConvertFormat>;
const EXTENSIONS: Readonly<Record<ConvertFormat, string>> = { png: 'png', jpeg: 'jpg', webp: 'webp', avif: 'avif' };

/** The extension of the exported file (without the dot). */
export function exportExtension(item: Pick<LibraryItem, 'mimeType'>, format: ExportOptions['format']): string {
  if (format !== 'original') return EXTENSIONS[format];
  if (!item.mimeType) throw new Error('An item without an image has no export extension.');
  return IMAGE_EXTENSIONS[item.mimeType];
}

/** The XMP packet's own keyword in a PNG iTXt chunk (XMP Specification Part 3, 1.1.5 "PNG"). */
const PNG_XMP_KEYWORD = 'XML:com.adobe.xmp';

/**
 * The original's bytes with Reverie's metadata added and the picture itself untouched: PNG text
 * chunks (and the XMP packet as its iTXt chunk) for PNG, an XMP packet for JPEG and WebP. The
 * library's own file is never written: this is a new array, the copy that gets exported.
 */
export function embedInCopy(bytes: Uint8Array, item: LibraryItem): Uint8Array {
  switch (item.mimeType) {
    case 'image/png':
      return replacingPngText(bytes, [...pngTextChunks(item), { keyword: PNG_XMP_KEYWORD, text: xmpPacket(item), kind: 'iTXt' }]);
    case 'image/jpeg':
      return withJpegXmp(bytes, xmpPacket(item));
    case 'image/webp':
      return withWebpXmp(bytes, xmpPacket(item));
    case null:
      throw new Error('An item without an image cannot be exported.');
  }
}

/**
 * The bytes to write for one image. `original` with `embed` and no shrinking needed keeps the
 * picture as the API sent it, with the prompt added to the copy's metadata (embedInCopy); otherwise
 * the image is re-encoded (in its own format for `original`) with Reverie's metadata, or with none
 * at all for `strip`.
 */
export async function renderExportImage(
  bytes: Uint8Array,
  item: LibraryItem,
  options: Pick<ExportOptions, 'format' | 'quality' | 'longestEdge' | 'metadata'>,
  codec: ImageCodec,
): Promise<Uint8Array> {
  const strip = options.metadata === 'strip';
  let format: ConvertFormat;
  if (options.format === 'original') {
    if (!item.mimeType) throw new Error('An item without an image cannot be exported.');
    format = MIME_FORMAT[item.mimeType];
    if (!strip) {
      const fits = options.longestEdge === null || (await fitsWithin(bytes, options.longestEdge, codec));
      if (fits) return embedInCopy(bytes, item);
    }
  } else {
    format = options.format;
  }
  const embedded = !strip;
  const converted = await codec.convert(bytes, {
    format,
    quality: options.quality,
    longestEdge: options.longestEdge,
    exif: embedded && format !== 'png' ? exifFields(item) : null,
    xmp: embedded ? xmpPacket(item) : null,
    strip,
  });
  return embedded && format === 'png' ? withPngText(converted, pngTextChunks(item)) : converted;
}

async function fitsWithin(bytes: Uint8Array, longestEdge: number, codec: ImageCodec): Promise<boolean> {
  const { width, height } = await codec.inspect(bytes);
  return Math.max(width, height) <= longestEdge;
}

/** The exported file as written: its pixel size after any resize, and its length in bytes after any re-encode. */
export interface ExportedFile {
  width: number;
  height: number;
  bytes: number;
}

/**
 * The per-image JSON sidecar: what a user (or a script) needs to know about the image without
 * Reverie. `width`, `height` and `bytes` describe the exported file beside it, not the library's original.
 * Lineage: `sources` are the library ids it was made from in send order (the `model` says how, the
 * `prompt` is the instruction), with the request's client id and the API's inference id.
 */
export function exportSidecar(item: LibraryItem, fileName: string, exported: ExportedFile): string {
  const sidecar = {
    file: fileName,
    id: item.id,
    prompt: item.prompt,
    aspectRatio: item.aspectRatio,
    model: item.model,
    width: exported.width,
    height: exported.height,
    bytes: exported.bytes,
    requestId: item.requestId,
    credits: item.credits,
    costUsd: costUsd(item.credits),
    createdAt: new Date(item.createdAt).toISOString(),
    sourceFile: item.fileHash && item.mimeType ? `${item.fileHash}.${IMAGE_EXTENSIONS[item.mimeType]}` : null,
    origin: item.origin,
    sources: item.sources,
    clientRequestId: item.clientRequestId,
    inferenceId: item.inferenceId,
  };
  return `${JSON.stringify(sidecar, null, 2)}\n`;
}

export const costUsd = (credits: number | null): number | null => (credits === null ? null : credits / CREDITS_PER_USD);

/** One line of the CSV manifest: every item of the batch appears, written or not. */
export interface ManifestRow {
  status: 'written' | 'skipped' | 'failed';
  /** The exported file's name (inside the destination or the archive); empty when none was chosen. */
  file: string;
  reason: string;
  item: LibraryItem;
  /** The written file's size; null when nothing was written for the item. */
  exported: ExportedFile | null;
}

export const MANIFEST_COLUMNS = [
  'file',
  'status',
  'reason',
  'id',
  'prompt',
  'aspect_ratio',
  'model',
  'width',
  'height',
  'bytes',
  'request_id',
  'credits',
  'cost_usd',
  'created_at',
  /** Lineage: the ids of the items it was made from, space-separated, in send order (empty for none). */
  'sources',
  'client_request_id',
  'inference_id',
] as const;

/**
 * A cell as RFC 4180 wants it (quoted when it holds a comma, quote or line break, quotes doubled),
 * and defused for spreadsheets: text starting with = + - @ (or a tab or CR) would run as a formula
 * in Excel or Sheets, so it gets a leading apostrophe.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The manifest as UTF-8 with a byte-order mark (so Excel does not read it as ANSI) and CRLF lines.
 * `width`, `height` and `bytes` are the exported file's, empty for an item nothing was written for.
 */
export function manifestCsv(rows: readonly ManifestRow[]): string {
  const lines = [MANIFEST_COLUMNS.join(',')];
  for (const { status, file, reason, item, exported } of rows) {
    const credits = item.credits;
    const cost = costUsd(credits);
    lines.push(
      [
        file,
        status,
        reason,
        item.id,
        item.prompt,
        item.aspectRatio,
        item.model,
        exported?.width ?? null,
        exported?.height ?? null,
        exported?.bytes ?? null,
        item.requestId,
        credits,
        cost === null ? null : cost.toFixed(6),
        new Date(item.createdAt).toISOString(),
        item.sources.length === 0 ? null : item.sources.join(' '),
        item.clientRequestId,
        item.inferenceId,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
