import { rgbaToDataURL } from 'thumbhash';
import { thumbHashToRGBA } from './thumbhash-decode';

/**
 * The image a tile shows while its thumbnail loads: the item's ThumbHash (made in main at ingest,
 * base64) drawn as a PNG data URL of at most 32 px a side, which the tile's frame stretches over itself.
 * The page's CSP allows it: `img-src` lists `data:` (electron/main/protocol/csp.ts), which governs
 * CSS background images too; set it through the CSSOM (`style.setProperty`), which `style-src 'self'`
 * does not restrict as it does style attributes.
 */

/**
 * Decoded URLs kept, most recently used last. A decode costs well under a millisecond, but a grid
 * re-renders the same few hundred tiles while scrolling; each URL is ~5 kB, so this holds ~1 MB.
 */
export const PLACEHOLDER_CACHE_SIZE = 200;

const decoded = new Map<string, string | undefined>();

function decode(hash: string): string | undefined {
  try {
    const bytes = Uint8Array.from(atob(hash), (char) => char.charCodeAt(0));
    // A ThumbHash has a 5-byte header; anything shorter is not one (thumbhash would read past its end).
    if (bytes.length < 5) return undefined;
    // The package's thumbHashToDataURL, with its pixel decoder restated (thumbhash-decode.ts says why).
    const { w, h, rgba } = thumbHashToRGBA(bytes);
    return rgbaToDataURL(w, h, rgba);
  } catch {
    // Not base64. Main checks the field's shape, so this only guards against a bug: no placeholder then.
    return undefined;
  }
}

/** The placeholder image for an item's ThumbHash, as a data: URL; undefined when it has none (or it is not one). */
export function placeholderUrl(hash: string | null): string | undefined {
  if (!hash) return undefined;
  if (decoded.has(hash)) {
    const url = decoded.get(hash);
    // Moved to the end: the least recently used is the one evicted.
    decoded.delete(hash);
    decoded.set(hash, url);
    return url;
  }
  const url = decode(hash);
  decoded.set(hash, url);
  if (decoded.size > PLACEHOLDER_CACHE_SIZE) {
    const oldest = decoded.keys().next();
    if (!oldest.done) decoded.delete(oldest.value);
  }
  return url;
}

/** How many decoded placeholders are held (for tests of the bound). */
export const placeholderCacheSize = (): number => decoded.size;
