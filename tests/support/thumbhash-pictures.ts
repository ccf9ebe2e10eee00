/** How a test picture's alpha is made: all opaque, random, or all clear. */
export type AlphaKind = 'opaque' | 'partial' | 'clear';

/**
 * Smooth gradients plus noise (what a shrunk photo looks like), with alpha as asked: the pictures
 * the ThumbHash encoder and decoder are compared with the thumbhash package on. `random` in [0, 1).
 */
export function thumbhashPicture(random: () => number, w: number, h: number, alpha: AlphaKind): Uint8Array {
  const rgba = new Uint8Array(w * h * 4);
  const tilt = [random(), random(), random()].map((v) => v * 255);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const o = (y * w + x) * 4;
      for (let c = 0; c < 3; c += 1) rgba[o + c] = Math.min(255, Math.floor((tilt[c]! * (x + y)) / (w + h) + random() * 64));
      rgba[o + 3] = alpha === 'opaque' ? 255 : alpha === 'clear' ? 0 : Math.floor(random() * 256);
    }
  }
  return rgba;
}
