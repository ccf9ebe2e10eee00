/** One row: tiles [start, start + count) of the gallery (job tiles first, then items), `top` and `height` in px. */
export interface JustifiedRow {
  start: number;
  count: number;
  top: number;
  height: number;
  /** Its tiles' ratios are guesses (a page not loaded yet). */
  estimated: boolean;
  /** Stretched to the full width: every row but a chunk's last one when that is short. */
  filled: boolean;
}

const ESTIMATED = 1;
const FILLED = 2;

/**
 * The gallery's rows, packed in typed arrays (one slot per row) instead of one object per row. A
 * 100,000-item library has about 33,000 rows and they are laid out again each time a page arrives:
 * as objects they were the renderer's largest allocation while scrolling (a heap sampling of the
 * scroll bench: ~87 of ~300 MB), each set living until the next page arrived, so they were copied by
 * the young-generation collector and then swept by major collections (pauses of 200–330 ms, the
 * bench's longest tasks after the harness's own). Typed arrays hold nothing for the collector to
 * trace or copy. `row(i)` makes the object for the few rows a render or a key press looks at.
 */
export class GalleryLayout {
  private tileCount = 0;
  private bottom = 0;
  private filledTo = 0;
  private readonly starts: Int32Array;
  private readonly counts: Int32Array;
  private readonly tops: Float64Array;
  private readonly heights: Float64Array;
  private readonly flags: Uint8Array;

  /** Rows are added with `push`, exactly `rowCount` of them, `gap` px apart. */
  constructor(
    readonly rowCount: number,
    private readonly gap: number,
  ) {
    this.starts = new Int32Array(rowCount);
    this.counts = new Int32Array(rowCount);
    this.tops = new Float64Array(rowCount);
    this.heights = new Float64Array(rowCount);
    this.flags = new Uint8Array(rowCount);
  }

  /** Tiles laid out (the last row's start + count). */
  get tiles(): number {
    return this.tileCount;
  }

  /** From the first row's top to the last row's bottom, gaps between rows included. */
  get height(): number {
    return this.bottom;
  }

  /** The next row, below the last one: `count` tiles `height` px high. */
  push(count: number, height: number, estimated: boolean, filled: boolean): void {
    const at = this.filledTo;
    if (at >= this.rowCount) throw new Error(`A layout of ${this.rowCount} rows has no room for another`);
    const top = at === 0 ? 0 : this.bottom + this.gap;
    this.starts[at] = this.tileCount;
    this.counts[at] = count;
    this.tops[at] = top;
    this.heights[at] = height;
    this.flags[at] = (estimated ? ESTIMATED : 0) | (filled ? FILLED : 0);
    this.filledTo = at + 1;
    this.tileCount += count;
    this.bottom = top + height;
  }

  /** Row `index`, or undefined past either end. */
  row(index: number): JustifiedRow | undefined {
    if (!(index >= 0 && index < this.filledTo)) return undefined;
    const flags = this.flags[index]!;
    return {
      start: this.starts[index]!,
      count: this.counts[index]!,
      top: this.tops[index]!,
      height: this.heights[index]!,
      estimated: (flags & ESTIMATED) !== 0,
      filled: (flags & FILLED) !== 0,
    };
  }

  /** Row `index`'s height in px, or undefined past either end (no object made: the virtualizer asks for every row). */
  heightOf(index: number): number | undefined {
    return index >= 0 && index < this.filledTo ? this.heights[index] : undefined;
  }

  /** Every row as objects, in order (for tests and checks; the grid looks rows up one at a time). */
  allRows(): JustifiedRow[] {
    return Array.from({ length: this.filledTo }, (_, index) => this.row(index)!);
  }

  /** The row holding tile `index` (binary search); -1 when it is past the end. */
  rowOfTile(index: number): number {
    let low = 0;
    let high = this.filledTo - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const start = this.starts[middle]!;
      if (index < start) high = middle - 1;
      else if (index >= start + this.counts[middle]!) low = middle + 1;
      else return middle;
    }
    return -1;
  }

  /** The row at `offset` px from the top (a gap counts with the row above it); the last row past the end. */
  rowAtOffset(offset: number, gap: number): number {
    let low = 0;
    let high = this.filledTo - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.tops[middle]! + this.heights[middle]! + gap <= offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
