import { rgbaToThumbHash as packageEncode } from 'thumbhash';
import { describe, expect, it } from 'vitest';
import { rgbaToThumbHash } from '../../electron/main/services/image-metadata/thumbhash-encode';
import { seededRandom } from '../support/seeded-random';
import { thumbhashPicture as picture, type AlphaKind } from '../support/thumbhash-pictures';

const seeded = (seed: number) => seededRandom(seed).next;

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
