import sharp from 'sharp';
import type { ConvertOptions, ImageCodec } from '../services/ports';

/** Matches what the library grid needs: small files, no visible artefacts at thumbnail size. */
const THUMBNAIL_WEBP_QUALITY = 80;

/** The ImageCodec port backed by sharp (libvips), which is native and so lives among the adapters. */
export function createSharpImageCodec(): ImageCodec {
  return {
    async inspect(bytes) {
      // metadata() reads only the header, so sizing a large image stays cheap.
      const { width, height } = await sharp(bytes).metadata();
      if (!(width > 0 && height > 0)) throw new Error('The image has no pixel size in its header.');
      return { width, height };
    },

    async readEmbeddedText(bytes) {
      const { comments, exif, xmp } = await sharp(bytes).metadata();
      const byKeyword = new Map<string, string>();
      for (const { keyword, text } of comments ?? []) if (!byKeyword.has(keyword)) byKeyword.set(keyword, text);
      return {
        // fromEntries defines own properties, so a chunk named `__proto__` stays a plain key.
        pngText: Object.fromEntries(byKeyword),
        exif: exif ? new Uint8Array(exif) : null,
        // Decoded here rather than via xmpAsString, which sharp leaves out when the packet is not
        // valid UTF-8; a few bad bytes should not cost the whole description.
        xmp: xmp ? new TextDecoder('utf-8').decode(xmp) : null,
      };
    },

    async thumbnail(bytes, maxEdge) {
      return sharp(bytes)
        .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: THUMBNAIL_WEBP_QUALITY })
        .toBuffer();
    },

    convert,
  };
}

/**
 * sharp writes no metadata unless asked (it drops the input's EXIF, XMP and ICC), so `strip` is the
 * default path; embedding sets EXIF and XMP from scratch, never merging in what the input carried.
 */
async function convert(bytes: Uint8Array, { format, quality, longestEdge, exif, xmp, strip }: ConvertOptions): Promise<Uint8Array> {
  // Orientation is applied to the pixels: the EXIF that said how to turn them does not survive export.
  let image = sharp(bytes).autoOrient();
  if (longestEdge !== null) image = image.resize({ width: longestEdge, height: longestEdge, fit: 'inside', withoutEnlargement: true });
  if (!strip) {
    if (exif && Object.keys(exif).length > 0) image = image.withExif({ IFD0: exif });
    if (xmp) image = image.withXmp(xmp);
  }
  switch (format) {
    case 'png':
      image = image.png();
      break;
    case 'jpeg':
      image = image.jpeg({ quality });
      break;
    case 'webp':
      image = image.webp({ quality });
      break;
    case 'avif':
      image = image.avif({ quality });
      break;
  }
  return image.toBuffer();
}
