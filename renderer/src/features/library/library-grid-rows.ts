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

/** One chunk's rows as `layoutGallery` adds them: tiles per row, whole-pixel height, stretched or not. */
export interface RowOfChunk {
  count: number;
  height: number;
  filled: boolean;
}

/** The last of the first `length` ascending `values` that is at most `target` (0 when none is). */
function lastAtMost(values: Int32Array, length: number, target: number): number {
  let low = 0;
  let high = length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (values[middle]! <= target) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * A chunk's rows packed in typed arrays, with each row's first tile and top counted from the chunk's
 * own start. Made once per justified chunk (PackedChunk.of keeps it by the chunk's rows array), so
 * the many chunks of a big library that share one estimate share one of these.
 */
class PackedChunk {
  private static readonly made = new WeakMap<readonly RowOfChunk[], PackedChunk>();

  readonly counts: Int32Array;
  readonly heights: Float64Array;
  readonly filled: Uint8Array;
  readonly starts: Int32Array;
  readonly tops: Float64Array;
  /** Tiles in the chunk. */
  readonly tiles: number;
  /** From its first row's top to its last row's bottom. */
  readonly height: number;

  private constructor(
    rows: readonly RowOfChunk[],
    readonly gap: number,
  ) {
    const length = rows.length;
    this.counts = new Int32Array(length);
    this.heights = new Float64Array(length);
    this.filled = new Uint8Array(length);
    this.starts = new Int32Array(length);
    this.tops = new Float64Array(length);
    let tiles = 0;
    let bottom = 0;
    for (let at = 0; at < length; at += 1) {
      const row = rows[at]!;
      const top = at === 0 ? 0 : bottom + gap;
      this.counts[at] = row.count;
      this.heights[at] = row.height;
      this.filled[at] = row.filled ? 1 : 0;
      this.starts[at] = tiles;
      this.tops[at] = top;
      tiles += row.count;
      bottom = top + row.height;
    }
    this.tiles = tiles;
    this.height = bottom;
  }

  get rowCount(): number {
    return this.counts.length;
  }

  /** The packing of `rows` (the same object for the same array and gap). */
  static of(rows: readonly RowOfChunk[], gap: number): PackedChunk {
    const kept = PackedChunk.made.get(rows);
    if (kept && kept.gap === gap) return kept;
    const packed = new PackedChunk(rows, gap);
    PackedChunk.made.set(rows, packed);
    return packed;
  }

  /** The chunk's row holding tile `tile` (counted from the chunk's start), by binary search; the tile must be in the chunk. */
  rowOfTile(tile: number): number {
    return lastAtMost(this.starts, this.starts.length, tile);
  }

  /** The chunk's first row whose bottom plus `gap` is below `offset` (counted from the chunk's top); its last row past the end. */
  rowAtOffset(offset: number, gap: number): number {
    let low = 0;
    let high = this.counts.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.tops[middle]! + this.heights[middle]! + gap <= offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/**
 * The gallery's rows, kept per chunk: each chunk's rows packed once (PackedChunk, shared by the
 * layouts that hold it, and by every chunk laid out with the same rows), and per chunk only where
 * it starts. So a page arriving costs the rows of its own chunk and one step per chunk, not one per
 * row of the library: a 1,000,000-item library has about 250,000 rows but 5,000 chunks, and laying
 * out every row again each time a page arrived made long tasks of 20–110 ms in Chromium. Typed
 * arrays hold nothing for the collector to trace. `row(i)` makes the object for the few rows a
 * render or a key press looks at, following the chunks along when asked for rows in order (the
 * grid positions its mounted rows top to bottom) instead of searching for each.
 */
export class GalleryLayout {
  private chunkCount = 0;
  private rowsSoFar = 0;
  private tileCount = 0;
  private bottom = 0;
  private readonly chunks: PackedChunk[] = [];
  /** Per chunk: its first row, first tile and top in the gallery; whether its ratios are guesses. */
  private readonly firstRows: Int32Array;
  private readonly firstTiles: Int32Array;
  private readonly chunkTops: Float64Array;
  private readonly estimated: Uint8Array;
  /** The chunk `row` looked in last: rows are mostly asked for in order. */
  private cursor = 0;

  /** Chunks are added with `addChunk`, `chunkSlots` of them at most, holding exactly `rowCount` rows; rows are `gap` px apart. */
  constructor(
    readonly rowCount: number,
    private readonly gap: number,
    chunkSlots: number,
  ) {
    this.firstRows = new Int32Array(chunkSlots);
    this.firstTiles = new Int32Array(chunkSlots);
    this.chunkTops = new Float64Array(chunkSlots);
    this.estimated = new Uint8Array(chunkSlots);
  }

  /** Tiles laid out (the last row's start + count). */
  get tiles(): number {
    return this.tileCount;
  }

  /** From the first row's top to the last row's bottom, gaps between rows included. */
  get height(): number {
    return this.bottom;
  }

  /** The next chunk's rows, below the last row; a chunk with no rows adds nothing. */
  addChunk(rows: readonly RowOfChunk[], estimated: boolean): void {
    if (rows.length === 0) return;
    if (this.rowsSoFar + rows.length > this.rowCount || this.chunkCount >= this.firstRows.length) {
      throw new Error(`A layout of ${this.rowCount} rows has no room for ${rows.length} more`);
    }
    const packed = PackedChunk.of(rows, this.gap);
    const at = this.chunkCount;
    const top = this.rowsSoFar === 0 ? 0 : this.bottom + this.gap;
    this.chunks.push(packed);
    this.firstRows[at] = this.rowsSoFar;
    this.firstTiles[at] = this.tileCount;
    this.chunkTops[at] = top;
    this.estimated[at] = estimated ? 1 : 0;
    this.chunkCount = at + 1;
    this.rowsSoFar += packed.rowCount;
    this.tileCount += packed.tiles;
    this.bottom = top + packed.height;
  }

  /** The chunk holding row `index` (which must be laid out): the one looked in last or the next when they hold it, else by binary search. */
  private chunkOfRow(index: number): number {
    const cursor = this.cursor;
    if (index >= this.firstRows[cursor]! && (cursor + 1 >= this.chunkCount || index < this.firstRows[cursor + 1]!)) return cursor;
    const next = cursor + 1;
    if (next < this.chunkCount && index >= this.firstRows[next]! && (next + 1 >= this.chunkCount || index < this.firstRows[next + 1]!)) {
      this.cursor = next;
      return next;
    }
    this.cursor = lastAtMost(this.firstRows, this.chunkCount, index);
    return this.cursor;
  }

  /** Row `index`, or undefined past either end. */
  row(index: number): JustifiedRow | undefined {
    if (!(index >= 0 && index < this.rowsSoFar)) return undefined;
    const chunk = this.chunkOfRow(index);
    const packed = this.chunks[chunk]!;
    const at = index - this.firstRows[chunk]!;
    return {
      start: this.firstTiles[chunk]! + packed.starts[at]!,
      count: packed.counts[at]!,
      top: this.chunkTops[chunk]! + packed.tops[at]!,
      height: packed.heights[at]!,
      estimated: this.estimated[chunk] === 1,
      filled: packed.filled[at] === 1,
    };
  }

  /** Every row as objects, in order (for tests and checks; the grid looks rows up one at a time). */
  allRows(): JustifiedRow[] {
    return Array.from({ length: this.rowsSoFar }, (_, index) => this.row(index)!);
  }

  /** The row holding tile `index` (binary search over the chunks, then in the chunk); -1 when it is past either end. */
  rowOfTile(index: number): number {
    if (!(index >= 0 && index < this.tileCount)) return -1;
    const chunk = lastAtMost(this.firstTiles, this.chunkCount, index);
    return this.firstRows[chunk]! + this.chunks[chunk]!.rowOfTile(index - this.firstTiles[chunk]!);
  }

  /** The row at `offset` px from the top (a gap counts with the row above it); the last row past the end. */
  rowAtOffset(offset: number, gap: number): number {
    if (this.chunkCount === 0) return 0;
    // The first chunk whose last row's bottom plus the gap is below `offset`, or the last chunk.
    let low = 0;
    let high = this.chunkCount - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.chunkTops[middle]! + this.chunks[middle]!.height + gap <= offset) low = middle + 1;
      else high = middle;
    }
    return this.firstRows[low]! + this.chunks[low]!.rowAtOffset(offset - this.chunkTops[low]!, gap);
  }
}
