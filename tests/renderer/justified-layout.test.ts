import { describe, expect, it } from 'vitest';
import {
  ASPECT_VALUES,
  estimatedAspect,
  justifyChunk,
  layoutGallery,
  rowAtOffset,
  rowOfTile,
  tileAbove,
  tileWidths,
  type LayoutOptions,
} from '../../renderer/src/features/library/library-grid-layout';

// The gallery's justified rows as pure arithmetic: widths from ratios, breaks, chunks, look-ups.

const OPTIONS: LayoutOptions = { width: 1000, targetHeight: 200, gap: 10 };
const { '16:9': wide, '3:2': photo, '2:3': portrait, '1:1': square } = ASPECT_VALUES;

describe('justified rows', () => {
  it('knows the seven ratios as width over height', () => {
    expect(ASPECT_VALUES).toEqual({ '16:9': 16 / 9, '9:16': 9 / 16, '3:2': 1.5, '2:3': 2 / 3, '4:3': 4 / 3, '3:4': 0.75, '1:1': 1 });
  });

  it('fills each row to the width at the height closest to the target, tiles keeping their ratio', () => {
    // Squares at 1000 px: 4 make 242.5 px (21% over 200), 5 make 192 px (4% under): 5 it is.
    const rows = justifyChunk(new Array<number>(10).fill(square), OPTIONS);
    expect(rows.map((row) => row.count)).toEqual([5, 5]);
    expect(rows[0]!.height).toBeCloseTo((1000 - 4 * 10) / 5);
    expect(rows.every((row) => row.filled)).toBe(true);

    const widths = tileWidths(new Array<number>(5).fill(square), Math.round(rows[0]!.height), OPTIONS, true);
    expect(widths.reduce((sum, width) => sum + width, 0) + 4 * 10).toBe(1000);
    expect(widths.every((width) => Math.abs(width - 192) <= 1)).toBe(true);
  });

  it('mixes ratios in one row: wide images take more width at the same height', () => {
    const rows = justifyChunk([wide, portrait, photo, square, wide], OPTIONS);
    const first = rows[0]!;
    const aspects = [wide, portrait, photo, square, wide].slice(0, first.count);
    const sum = aspects.reduce((total, aspect) => total + aspect, 0);
    expect(first.height).toBeCloseTo((1000 - (first.count - 1) * 10) / sum);
    const widths = tileWidths(aspects, first.height, OPTIONS, true);
    // Each tile's width over the row height is its ratio (no letterboxing), to the pixel.
    widths.slice(0, -1).forEach((width, index) => expect(Math.abs(width - aspects[index]! * first.height)).toBeLessThanOrEqual(0.5));
  });

  it('leaves a short last row at the target height, not stretched', () => {
    const rows = justifyChunk([photo, photo, photo, photo, photo, photo, photo], OPTIONS);
    const last = rows.at(-1)!;
    expect(last.filled).toBe(false);
    expect(last.height).toBe(200);
    expect(rows.slice(0, -1).every((row) => row.filled && row.height < 260 && row.height > 150)).toBe(true);
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(7);
  });

  it('puts one very wide image alone in its row when even it is lower than the target', () => {
    expect(justifyChunk([8, square], { ...OPTIONS, width: 800 })).toEqual([
      { count: 1, height: 100, filled: true },
      { count: 1, height: 200, filled: false },
    ]);
  });
});

describe('the gallery of chunks', () => {
  it('never lets a row cross from one chunk (page) to the next, and stacks rows with the gap', () => {
    const layout = layoutGallery([{ aspects: [square, square, square] }, { aspects: [square, square] }], OPTIONS);
    expect(layout.allRows().map((row) => [row.start, row.count])).toEqual([
      [0, 3],
      [3, 2],
    ]);
    expect(layout.row(1)!.top).toBe(layout.row(0)!.height + 10);
    expect(layout.height).toBe(layout.row(1)!.top + layout.row(1)!.height);
    expect(layout.tiles).toBe(5);
  });

  it('lays out a page not loaded yet with the mean ratio of what is known, and marks its rows estimated', () => {
    const chunks = [{ aspects: [wide, wide, square, square] }, { count: 8 }];
    expect(estimatedAspect(chunks)).toBeCloseTo((2 * wide + 2) / 4);
    const layout = layoutGallery(chunks, OPTIONS);
    expect(layout.tiles).toBe(12);
    expect(
      layout
        .allRows()
        .filter((row) => row.estimated)
        .reduce((sum, row) => sum + row.count, 0),
    ).toBe(8);
    expect(
      layout
        .allRows()
        .filter((row) => !row.estimated)
        .reduce((sum, row) => sum + row.count, 0),
    ).toBe(4);
    // Known tiles in a partly known chunk (the first: jobs, new items, page 0) count as known; the chunk does not.
    expect(
      layoutGallery([{ aspects: [square, null] }], OPTIONS)
        .allRows()
        .every((row) => row.estimated),
    ).toBe(true);
    // Nothing known: 3:2, the default ratio.
    expect(estimatedAspect([{ count: 3 }])).toBe(photo);
  });

  it('a page arriving changes only its own rows: the rows of the pages before keep their tiles and offsets', () => {
    const before = layoutGallery([{ aspects: new Array<number>(20).fill(photo) }, { count: 20 }, { count: 20 }], OPTIONS);
    const after = layoutGallery([{ aspects: new Array<number>(20).fill(photo) }, { aspects: new Array<number>(20).fill(portrait) }, { count: 20 }], OPTIONS);
    const firstChunkRows = (layout: typeof before) => layout.allRows().filter((row) => row.start < 20);
    expect(firstChunkRows(after)).toEqual(firstChunkRows(before));
    // The third chunk is still laid out as a whole, starting at tile 40.
    expect(after.allRows().some((row) => row.start === 40)).toBe(true);
  });

  it('handles 100,000 tiles in 500 chunks with whole-pixel rows', () => {
    const chunks = [{ aspects: new Array<number>(200).fill(photo) }, ...Array.from({ length: 499 }, () => ({ count: 200 }))];
    const layout = layoutGallery(chunks, OPTIONS);
    expect(layout.tiles).toBe(100_000);
    expect(layout.allRows().every((row) => Number.isInteger(row.top) && Number.isInteger(row.height))).toBe(true);
    // Rows follow each other without overlap.
    const overlapping = layout
      .allRows()
      .slice(1)
      .filter((row, index) => row.top !== layout.row(index)!.top + layout.row(index)!.height + 10);
    expect(overlapping).toEqual([]);
  });
});

describe('look-ups without layout reads', () => {
  const layout = layoutGallery([{ aspects: [square, square, square, square, square, wide, wide, wide, portrait] }], OPTIONS);

  it('finds the row of a tile and the row at an offset', () => {
    expect(layout.allRows().map((row) => row.count)).toEqual([5, 3, 1]);
    expect(rowOfTile(layout, 0)).toBe(0);
    expect(rowOfTile(layout, 4)).toBe(0);
    expect(rowOfTile(layout, 5)).toBe(1);
    expect(rowOfTile(layout, 8)).toBe(2);
    expect(rowOfTile(layout, 9)).toBe(-1);
    const second = layout.row(1)!;
    expect(rowAtOffset(layout, 0, 10)).toBe(0);
    expect(rowAtOffset(layout, second.top, 10)).toBe(1);
    expect(rowAtOffset(layout, second.top + second.height + 5, 10)).toBe(1);
    expect(rowAtOffset(layout, second.top + second.height + 10, 10)).toBe(2);
    expect(rowAtOffset(layout, 1e9, 10)).toBe(2);
  });

  it('moves up and down to the tile whose centre is nearest, between rows of different lengths', () => {
    const aspectOf = (tile: number) => [square, square, square, square, square, wide, wide, wide, portrait][tile]!;
    // Five squares over three wide images: the middle square sits over the middle wide one.
    expect(tileAbove(layout, 2, 1, aspectOf, OPTIONS)).toBe(6);
    expect(tileAbove(layout, 0, 1, aspectOf, OPTIONS)).toBe(5);
    expect(tileAbove(layout, 4, 1, aspectOf, OPTIONS)).toBe(7);
    expect(tileAbove(layout, 6, -1, aspectOf, OPTIONS)).toBe(2);
    expect(tileAbove(layout, 7, -1, aspectOf, OPTIONS)).toBe(4);
    // The last row has one portrait at the left: everything above lands on it.
    expect(tileAbove(layout, 7, 1, aspectOf, OPTIONS)).toBe(8);
    // No row there: stay.
    expect(tileAbove(layout, 1, -1, aspectOf, OPTIONS)).toBe(1);
    expect(tileAbove(layout, 8, 1, aspectOf, OPTIONS)).toBe(8);
    // Tiles before `firstTile` (job tiles) are never landed on.
    expect(tileAbove(layout, 6, -1, aspectOf, OPTIONS, 3)).toBe(3);
  });
});
