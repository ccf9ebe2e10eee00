import sharp from 'sharp';
import type { ImageCodec } from '../services/ports';

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

    async thumbnail(bytes, maxEdge) {
      return sharp(bytes)
        .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: THUMBNAIL_WEBP_QUALITY })
        .toBuffer();
    },
  };
}
