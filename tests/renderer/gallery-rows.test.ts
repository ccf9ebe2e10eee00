import { describe, expect, it } from 'vitest';
import {
  ASPECT_VALUES,
  justifyChunk,
  layoutGallery,
  rowAtOffset,
  rowOfTile,
  type JustifiedRow,
  type LayoutChunk,
  type LayoutOptions,
} from '../../renderer/src/features/library/library-grid-layout';
import { seededRandom } from '../support/seeded-random';

// The layout keeps its rows packed in typed arrays per chunk (library-grid-rows.ts) instead of one
// object per row. Whatever the chunks, it must hold exactly the rows a plain list of objects would (the layout
// as it was written before the packing), and its lookups must agree with a linear search of them.

const RATIOS = Object.values(ASPECT_VALUES);

/** The plain reference: every chunk justified in turn, rows stacked `gap` apart, one object per row. */
function referenceRows(chunks: readonly LayoutChunk[], options: LayoutOptions, guess: number): JustifiedRow[] {
  const rows: JustifiedRow[] = [];
  let start = 0;
  let top = 0;
  for (const chunk of chunks) {
    const aspects = 'aspects' in chunk ? chunk.aspects : new Array<null>(chunk.count).fill(null);
    const known = !aspects.includes(null);
    for (const row of justifyChunk(
      aspects.map((aspect) => aspect ?? guess),
      options,
    )) {
      const height = Math.max(Math.round(row.height), 1);
      rows.push({ start, count: row.count, top, height, estimated: !known, filled: row.filled });
      start += row.count;
      top += height + options.gap;
    }
  }
  return rows;
}

function randomChunks(random: () => number, int: (below: number) => number, pick: <T>(from: readonly T[]) => T): LayoutChunk[] {
  return Array.from({ length: int(12) }, () => {
    const length = 1 + int(40);
    const roll = random();
    if (roll < 0.3) return { count: length };
    if (roll < 0.5) return { aspects: Array.from({ length }, () => (random() < 0.3 ? null : pick(RATIOS))) };
    return { aspects: Array.from({ length }, () => pick(RATIOS)) };
  });
}

describe('packed gallery rows', () => {
  it('hold the same rows as a plain list, and find rows by tile and by offset as a linear search does', () => {
    for (let run = 0; run < 200; run += 1) {
      const { next: random, int, pick } = seededRandom(7000 + run);
      const options: LayoutOptions = { width: pick([320, 800, 1000, 1333]), targetHeight: pick([120, 180, 260]), gap: pick([0, 8, 12]) };
      const chunks = randomChunks(random, int, pick);
      const guess = pick(RATIOS);
      const layout = layoutGallery(chunks, options, undefined, guess);
      const expected = referenceRows(chunks, options, guess);

      expect(layout.allRows()).toEqual(expected);
      expect(layout.rowCount).toBe(expected.length);
      expect(layout.tiles).toBe(expected.reduce((sum, row) => sum + row.count, 0));
      expect(layout.height).toBe(expected.length > 0 ? expected.at(-1)!.top + expected.at(-1)!.height : 0);
      for (const index of [-1, expected.length, expected.length + 5]) {
        expect(layout.row(index)).toBeUndefined();
      }
      // Out of order too: the layout follows the chunks along for rows asked for in order, and must not depend on it.
      for (let probe = 0; probe < 40 && expected.length > 0; probe += 1) {
        const index = int(expected.length);
        expect(layout.row(index)).toEqual(expected[index]);
      }

      for (let tile = -2; tile < layout.tiles + 3; tile += 1) {
        expect(rowOfTile(layout, tile)).toBe(expected.findIndex((row) => tile >= row.start && tile < row.start + row.count));
      }
      for (let probe = 0; probe < 40; probe += 1) {
        const offset = Math.round(random() * (layout.height + 300)) - 50;
        const below = expected.findIndex((row) => row.top + row.height + options.gap > offset);
        expect(rowAtOffset(layout, offset, options.gap)).toBe(below === -1 ? Math.max(expected.length - 1, 0) : below);
      }
    }
  });

  it('compares by its rows: layouts of different rows are not equal (what the incremental layout test relies on)', () => {
    const options: LayoutOptions = { width: 1000, targetHeight: 200, gap: 8 };
    const square = ASPECT_VALUES['1:1'];
    const wide = ASPECT_VALUES['16:9'];
    expect(layoutGallery([{ aspects: [square, square, wide] }], options)).toEqual(layoutGallery([{ aspects: [square, square, wide] }], options));
    // Rows of other heights (narrow enough to fill them); then the same tiles split otherwise into rows.
    const narrow: LayoutOptions = { ...options, width: 400 };
    expect(layoutGallery([{ aspects: [square, square] }], narrow)).not.toEqual(layoutGallery([{ aspects: [wide, wide] }], narrow));
    expect(layoutGallery([{ aspects: [square, square] }, { aspects: [square] }], options)).not.toEqual(
      layoutGallery([{ aspects: [square] }, { aspects: [square, square] }], options),
    );
  });

  it('refuses a row more than it was made for', () => {
    const layout = layoutGallery([{ aspects: [1, 1] }], { width: 1000, targetHeight: 200, gap: 8 });
    expect(() => layout.addChunk([{ count: 1, height: 100, filled: true }], false)).toThrow(/no room/);
  });
});
