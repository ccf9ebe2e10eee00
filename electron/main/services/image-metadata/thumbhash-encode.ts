/**
 * ThumbHash's encoder (thumbhash 0.1.1, `rgbaToThumbHash`, MIT, https://github.com/evanw/thumbhash),
 * restated so V8 can keep it optimized: the same arithmetic in the same order, so the same bytes
 * (tests/unit/thumbhash-encode.test.ts compares the two on random pictures), with the per-channel
 * DCT a top-level function over typed arrays.
 *
 * Why not call the package: its `encodeChannel` is a closure made anew on every call, and V8
 * compiles optimized code per closure; at one call per ingest it ran mostly unoptimized, boxing
 * every product in its loops (about 700 KB of garbage and 1 ms of the main thread per image, and
 * the extra major GCs that garbage brought, in the ingest bench's traces). The renderer still
 * decodes with the package (`thumbHashToDataURL`), which is what the bytes are checked against.
 */

/** Throws as the package does on pictures over 100 px a side (slow, and no better). */
export function rgbaToThumbHash(w: number, h: number, rgba: Uint8Array): Uint8Array {
  if (w > 100 || h > 100) throw new Error(`${w}x${h} doesn't fit in 100x100`);
  const { round, max } = Math;
  const pixels = w * h;

  // The average colour.
  let avgR = 0;
  let avgG = 0;
  let avgB = 0;
  let avgA = 0;
  for (let i = 0, j = 0; i < pixels; i++, j += 4) {
    const alpha = rgba[j + 3]! / 255;
    avgR += (alpha / 255) * rgba[j]!;
    avgG += (alpha / 255) * rgba[j + 1]!;
    avgB += (alpha / 255) * rgba[j + 2]!;
    avgA += alpha;
  }
  if (avgA) {
    avgR /= avgA;
    avgG /= avgA;
    avgB /= avgA;
  }

  const hasAlpha = avgA < pixels;
  const lLimit = hasAlpha ? 5 : 7; // fewer luminance bits when there is alpha
  const lx = max(1, round((lLimit * w) / max(w, h)));
  const ly = max(1, round((lLimit * h) / max(w, h)));
  const l = new Float64Array(pixels); // luminance
  const p = new Float64Array(pixels); // yellow - blue
  const q = new Float64Array(pixels); // red - green
  const a = new Float64Array(pixels); // alpha

  // RGBA to LPQA, composited atop the average colour.
  for (let i = 0, j = 0; i < pixels; i++, j += 4) {
    const alpha = rgba[j + 3]! / 255;
    const r = avgR * (1 - alpha) + (alpha / 255) * rgba[j]!;
    const g = avgG * (1 - alpha) + (alpha / 255) * rgba[j + 1]!;
    const b = avgB * (1 - alpha) + (alpha / 255) * rgba[j + 2]!;
    l[i] = (r + g + b) / 3;
    p[i] = (r + g) / 2 - b;
    q[i] = r - g;
    a[i] = alpha;
  }

  const fx = new Float64Array(w);
  const L = encodeChannel(l, w, h, max(3, lx), max(3, ly), fx);
  const P = encodeChannel(p, w, h, 3, 3, fx);
  const Q = encodeChannel(q, w, h, 3, 3, fx);
  const A = hasAlpha ? encodeChannel(a, w, h, 5, 5, fx) : null;

  // The constants.
  const isLandscape = w > h;
  const header24 =
    round(63 * L.dc) | (round(31.5 + 31.5 * P.dc) << 6) | (round(31.5 + 31.5 * Q.dc) << 12) | (round(31 * L.scale) << 18) | (Number(hasAlpha) << 23);
  const header16 = (isLandscape ? ly : lx) | (round(63 * P.scale) << 3) | (round(63 * Q.scale) << 9) | (Number(isLandscape) << 15);
  const acStart = hasAlpha ? 6 : 5;
  const channels = A ? [L, P, Q, A] : [L, P, Q];
  const acCount = channels.reduce((sum, channel) => sum + channel.ac.length, 0);
  const hash = new Uint8Array(acStart + ((acCount + 1) >> 1));
  hash.set([header24 & 255, (header24 >> 8) & 255, header24 >> 16, header16 & 255, header16 >> 8]);
  if (A) hash[5] = round(15 * A.dc) | (round(15 * A.scale) << 4);

  // The varying factors, two to a byte.
  let acIndex = 0;
  for (const { ac } of channels) {
    for (const f of ac) {
      hash[acStart + (acIndex >> 1)]! |= round(15 * f) << ((acIndex & 1) << 2);
      acIndex++;
    }
  }
  return hash;
}

interface EncodedChannel {
  dc: number;
  ac: number[];
  scale: number;
}

/** The DCT of one channel into its constant term and its normalised varying terms (`fx`: scratch, `w` long). */
function encodeChannel(channel: Float64Array, w: number, h: number, nx: number, ny: number, fx: Float64Array): EncodedChannel {
  const { PI, cos, max, abs } = Math;
  let dc = 0;
  const ac: number[] = [];
  let scale = 0;
  for (let cy = 0; cy < ny; cy++) {
    for (let cx = 0; cx * ny < nx * (ny - cy); cx++) {
      let f = 0;
      for (let x = 0; x < w; x++) fx[x] = cos((PI / w) * cx * (x + 0.5));
      for (let y = 0; y < h; y++) {
        const fy = cos((PI / h) * cy * (y + 0.5));
        for (let x = 0; x < w; x++) f += channel[x + y * w]! * fx[x]! * fy;
      }
      f /= w * h;
      if (cx || cy) {
        ac.push(f);
        scale = max(scale, abs(f));
      } else {
        dc = f;
      }
    }
  }
  if (scale) for (let i = 0; i < ac.length; i++) ac[i] = 0.5 + (0.5 / scale) * ac[i]!;
  return { dc, ac, scale };
}
