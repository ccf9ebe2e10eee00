import { describe, expect, it } from 'vitest';
import {
  ASPECT_VALUES,
  ChunkRowCache,
  estimatedAspect,
  layoutGallery,
  type LayoutChunk,
  type LayoutOptions,
} from '../../renderer/src/features/library/library-grid-layout';
import { seededRandom } from '../support/seeded-random';

// The gallery keeps the rows of chunks it has justified (ChunkRowCache) so a page arriving lays out
// only its own chunk. Whatever the order pages arrive in, the rows must be exactly those of a layout
// made from scratch.

const RATIOS = Object.values(ASPECT_VALUES);
const CHUNK = 20;
const CHUNKS = 30;

describe('incremental gallery layout', () => {
  it('equals a full layout after every page arrival, re-arrival, partial page and width change', () => {
    for (let run = 0; run < 20; run += 1) {
      const { next: random, int, pick } = seededRandom(1000 + run);
      let options: LayoutOptions = { width: 1000, targetHeight: 200, gap: 8 };
      const chunks: LayoutChunk[] = Array.from({ length: CHUNKS }, (_, index) => ({ count: index === CHUNKS - 1 ? 7 : CHUNK }));
      const cache = new ChunkRowCache();

      for (let step = 0; step < 60; step += 1) {
        const roll = random();
        const index = int(CHUNKS);
        const length = index === CHUNKS - 1 ? 7 : CHUNK;
        const previous = chunks[index]!;
        if (roll < 0.1) options = { ...options, width: pick([600, 800, 1000, 1333]) };
        else if (roll < 0.2 && 'aspects' in previous) {
          // The same page again in a new array (a fresh copy of the same items).
          chunks[index] = { aspects: [...previous.aspects] };
        } else if (roll < 0.35) {
          // A page of an older snapshot: some ratios not known yet (laid out with the estimate).
          chunks[index] = { aspects: Array.from({ length }, () => (random() < 0.3 ? null : pick(RATIOS))) };
        } else if (roll < 0.45) {
          chunks[index] = { count: length };
        } else {
          chunks[index] = { aspects: Array.from({ length }, () => pick(RATIOS)) };
        }
        expect(layoutGallery(chunks, options, cache)).toEqual(layoutGallery(chunks, options));
        expect(cache.meanAspect(chunks)).toBeCloseTo(estimatedAspect(chunks), 12);
      }
    }
  });

  it('justifies again a chunk whose estimate moved (its unknown ratios are laid out with it)', () => {
    const options: LayoutOptions = { width: 1000, targetHeight: 200, gap: 8 };
    const cache = new ChunkRowCache();
    const partial = { aspects: [null, null, null, null, null, null, 1.5, 1.5] };
    const before = layoutGallery([partial, { aspects: [1.5, 1.5] }], options, cache);
    // Portraits arriving in another chunk lower the estimate: the partial chunk's rows change.
    const portraits = { aspects: new Array<number>(40).fill(ASPECT_VALUES['9:16']) };
    const after = layoutGallery([partial, portraits], options, cache);
    expect(after).toEqual(layoutGallery([partial, portraits], options));
    expect(after.row(0)!.count).not.toBe(before.row(0)!.count);
  });
});
