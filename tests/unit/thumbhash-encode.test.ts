import { rgbaToThumbHash as packageEncode } from 'thumbhash';
import { describe, expect, it } from 'vitest';
import { rgbaToThumbHash } from '../../electron/main/services/image-metadata/thumbhash-encode';

/** A seeded generator (mulberry32): the same pictures on every run, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

type AlphaKind = 'opaque' | 'partial' | 'clear';

/** Smooth gradients plus noise (what a shrunk photo looks like), with alpha as asked. */
function picture(random: () => number, w: number, h: number, alpha: AlphaKind): Uint8Array {
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

describe('rgbaToThumbHash', () => {
  it('writes the same bytes as the thumbhash package for random pictures of every shape, with and without alpha', () => {
    const random = seeded(13);
    const kinds: AlphaKind[] = ['opaque', 'partial', 'clear'];
    let compared = 0;
    for (let round = 0; round < 300; round += 1) {
      const w = 1 + Math.floor(random() * 100);
      const h = 1 + Math.floor(random() * 100);
      const rgba = picture(random, w, h, kinds[round % kinds.length]!);
      expect(rgbaToThumbHash(w, h, rgba), `${w}×${h}, round ${round}`).toEqual(packageEncode(w, h, rgba));
      compared += 1;
    }
    expect(compared).toBe(300);
  });

  it('matches the package at the placeholder sizes ingest uses, and on flat and extreme pictures', () => {
    const cases: [number, number, Uint8Array][] = [
      [48, 32, picture(seeded(1), 48, 32, 'opaque')],
      [32, 48, picture(seeded(2), 32, 48, 'partial')],
      [48, 48, new Uint8Array(48 * 48 * 4).fill(255)],
      [48, 48, new Uint8Array(48 * 48 * 4)],
      [1, 1, new Uint8Array([200, 10, 30, 255])],
      [100, 100, picture(seeded(3), 100, 100, 'opaque')],
    ];
    for (const [w, h, rgba] of cases) expect(rgbaToThumbHash(w, h, rgba), `${w}×${h}`).toEqual(packageEncode(w, h, rgba));
  });

  it('refuses a picture over 100 px a side, as the package does', () => {
    expect(() => rgbaToThumbHash(101, 10, new Uint8Array(101 * 10 * 4))).toThrow(/doesn't fit in 100x100/);
    expect(() => rgbaToThumbHash(10, 101, new Uint8Array(10 * 101 * 4))).toThrow(/doesn't fit in 100x100/);
  });
});
