import sharp, { type Sharp } from 'sharp';
import { DRAG_ICON_EDGE, PLACEHOLDER_EDGE, type ConvertOptions, type ImageCodec, type PlaceholderPixels } from '../services/ports';
import { pngHeaderSize } from '../services/image-type';
import { shrinkForPlaceholder, type RawPixels } from '../services/image-metadata/placeholder-pixels';
import { countBadgeSvg, stackCardSvg } from './drag-icon-art';

/** Matches what the library grid needs: small files, no visible artefacts at thumbnail size. */
const THUMBNAIL_WEBP_QUALITY = 80;

/** The ImageCodec port backed by sharp (libvips), which is native and so lives among the adapters. */
export function createSharpImageCodec(): ImageCodec {
  return {
    async inspect(bytes) {
      // A PNG (every generation) says its size in its first chunk: read there, not via libvips.
      const png = pngHeaderSize(bytes);
      if (png) return png;
      // metadata() reads only the header, so sizing a large image stays cheap. The size as shown:
      // EXIF orientation applied (a phone's portrait photo is stored landscape), as for the thumbnail.
      const {
        autoOrient: { width, height },
      } = await sharp(bytes).metadata();
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
      // Decoded and shrunk once, to raw sRGB pixels (sharp's output space whatever the input's);
      // the WebP and the placeholder's pixels are both made from those. Decoding the original is
      // most of an ingest's cost, and the thumbnail holds more than a placeholder needs.
      // Upright: the EXIF orientation applied to the pixels, as the browser applies it to the original.
      const { data, info } = await sharp(bytes)
        .autoOrient()
        .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
        .raw()
        .toBuffer({ resolveWithObject: true });
      const encoding = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
        .webp({ quality: THUMBNAIL_WEBP_QUALITY })
        .toBuffer()
        .then((webp): Uint8Array => webp);
      // Handled here as the port promises: a caller that stops before it needs the WebP (its
      // thumbnail is on disk already, or filing failed) must not leave a rejection nobody awaits.
      encoding.catch(() => undefined);
      // Shrunk in JS while libvips encodes: cheaper than a third pipeline (placeholder-pixels.ts).
      const placeholderPixels = placeholderPixelsOf({ data, width: info.width, height: info.height, channels: info.channels });
      // Not waiting for the WebP: its encoding is most of a thumbnail's time, and the filing has other files to start.
      return { webp: encoding, placeholderPixels };
    },

    placeholderPixels: (bytes) => smallPixels(sharp(bytes).autoOrient()),

    convert,
    dragIcon,
  };
}

/** A placeholder is never worth failing a thumbnail: pixels the shrink refuses give none. */
function placeholderPixelsOf(pixels: RawPixels): PlaceholderPixels | null {
  try {
    return shrinkForPlaceholder(pixels);
  } catch {
    return null;
  }
}

/** The image fit inside PLACEHOLDER_EDGE, as RGBA: ThumbHash reads four channels, whatever the picture has. */
async function smallPixels(image: Sharp): Promise<PlaceholderPixels> {
  const { data, info } = await image
    .resize({ width: PLACEHOLDER_EDGE, height: PLACEHOLDER_EDGE, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/**
 * One picture fit inside the icon; for several files, a smaller picture in the lower left with a
 * card behind it and the count in a badge. PNG, the format Electron's nativeImage reads best.
 */
async function dragIcon(bytes: Uint8Array, count: number): Promise<Uint8Array> {
  const edge = DRAG_ICON_EDGE;
  const fit = (size: number) => sharp(bytes).autoOrient().resize({ width: size, height: size, fit: 'inside' }).png();
  if (count <= 1) return fit(edge).toBuffer();
  const margin = 2;
  const offset = 10;
  const inner = edge - margin * 2 - offset;
  const picture = await fit(inner).toBuffer({ resolveWithObject: true });
  const left = margin + Math.round((inner - picture.info.width) / 2);
  const top = margin + offset + Math.round((inner - picture.info.height) / 2);
  return sharp({ create: { width: edge, height: edge, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([
      { input: Buffer.from(stackCardSvg(edge, { left: margin + offset, top: margin, size: inner })), left: 0, top: 0 },
      { input: picture.data, left, top },
      { input: Buffer.from(countBadgeSvg(edge, count)), left: 0, top: 0 },
    ])
    .png()
    .toBuffer();
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
