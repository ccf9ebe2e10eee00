import { rgbaToThumbHash, thumbHashToRGBA as packageDecode } from 'thumbhash';
import { describe, expect, it } from 'vitest';
import { thumbHashToRGBA } from '../../renderer/src/features/library/thumbhash-decode';
import { seededRandom } from '../support/seeded-random';
import { thumbhashPicture } from '../support/thumbhash-pictures';

const seeded = (seed: number) => seededRandom(seed).next;
const picture = (random: () => number, w: number, h: number, withAlpha: boolean) => thumbhashPicture(random, w, h, withAlpha ? 'partial' : 'opaque');

const expectSameAsPackage = (hash: Uint8Array) => {
  const theirs = packageDecode(hash);
  const ours = thumbHashToRGBA(hash);
  expect([ours.w, ours.h]).toEqual([theirs.w, theirs.h]);
  expect(Buffer.from(ours.rgba).equals(Buffer.from(theirs.rgba))).toBe(true);
};

describe('thumbHashToRGBA', () => {
  it("writes the package's pixels, byte for byte, for the hashes of random pictures of every shape, with and without alpha", () => {
    const random = seeded(29);
    const shapes = new Set<string>();
    for (let round = 0; round < 300; round += 1) {
      const w = 1 + Math.floor(random() * 100);
      const h = 1 + Math.floor(random() * 100);
      const hash = rgbaToThumbHash(w, h, picture(random, w, h, round % 3 === 0));
      const decoded = thumbHashToRGBA(hash);
      shapes.add(`${decoded.w}x${decoded.h}`);
      expectSameAsPackage(hash);
    }
    // Landscape, portrait and square outputs were all compared, not one shape 300 times.
    expect(shapes.size).toBeGreaterThan(10);
  });

  it('matches the package on arbitrary bytes too, truncated hashes included (main checks the field, this is the fallback)', () => {
    const random = seeded(31);
    for (let round = 0; round < 300; round += 1) {
      const hash = Uint8Array.from({ length: 5 + Math.floor(random() * 30) }, () => Math.floor(random() * 256));
      expectSameAsPackage(hash);
    }
  });

  it('is a real decode: different pictures give different pixels', () => {
    const random = seeded(37);
    const a = thumbHashToRGBA(rgbaToThumbHash(40, 30, picture(random, 40, 30, false)));
    const b = thumbHashToRGBA(rgbaToThumbHash(40, 30, picture(random, 40, 30, false)));
    expect(Buffer.from(a.rgba).equals(Buffer.from(b.rgba))).toBe(false);
  });
});
