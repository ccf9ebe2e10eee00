import type { ExportOptions, LibraryItem } from '../../../shared/domain';

/**
 * Bytes per pixel of a converted image, for the free-space estimate. Chosen, not measured per image:
 * PNG is lossless, and a generated picture's gradients keep it near 2 bytes a pixel (an opaque image
 * cannot need much more than 3); the lossy formats come to about 1 byte a pixel at quality 100 and
 * shrink with the quality, not below 0.2.
 */
const PNG_BYTES_PER_PIXEL = 2;
const lossyBytesPerPixel = (quality: number) => Math.max(0.2, quality / 100);
/** A JSON sidecar, and a manifest row, per image: small, but many of them. */
const SIDECAR_BYTES = 4096;
/** What embedding adds to an original copied as it is: text chunks or an XMP packet holding the prompt twice. */
const EMBEDDED_METADATA_BYTES = 16 * 1024;
const MANIFEST_ROW_BYTES = 1024;

/** The pixels an item comes out at: its own size, shrunk to fit the longest edge (never enlarged). */
function outputPixels(item: LibraryItem, longestEdge: number | null): number | null {
  if (!item.width || !item.height) return null;
  const longest = Math.max(item.width, item.height);
  const scale = longestEdge !== null && longest > longestEdge ? longestEdge / longest : 1;
  return item.width * item.height * scale * scale;
}

function imageBytes(item: LibraryItem, options: ExportOptions): number {
  const original = item.byteSize ?? 0;
  // Originals are copied as they are, with the prompt added when embedding (or re-encoded smaller): their size is known.
  if (options.format === 'original') return original + (options.metadata === 'embed' ? EMBEDDED_METADATA_BYTES : 0);
  const perPixel = options.format === 'png' ? PNG_BYTES_PER_PIXEL : lossyBytesPerPixel(options.quality);
  const pixels = outputPixels(item, options.longestEdge);
  // Without a known size, the original's bytes stand in (times 3 for PNG, which may grow a lossy original).
  return pixels === null ? original * (options.format === 'png' ? 3 : 1) : Math.ceil(pixels * perPixel);
}

/**
 * About how many bytes an export of `items` writes: originals at their size, conversions by their
 * pixels, plus sidecars and the manifest. A ZIP needs the same (images are stored, not deflated, and
 * the archive is written once, under a temp name, then renamed). Items with no image write nothing.
 */
export function estimateExportBytes(items: readonly LibraryItem[], options: ExportOptions): number {
  let total = 0;
  for (const item of items) {
    const hasImage = item.status !== 'refused' && item.status !== 'download-failed' && !item.fileMissing && item.fileHash !== null;
    if (!hasImage) continue;
    total += imageBytes(item, options);
    if (options.sidecars) total += SIDECAR_BYTES;
    if (options.manifest) total += MANIFEST_ROW_BYTES;
  }
  return total;
}
