import { ASPECT_RATIOS, type AspectRatio } from '../../../../electron/shared/constants';
import { GalleryLayout, type JustifiedRow, type RowOfChunk } from './library-grid-rows';

/**
 * Justified rows for the gallery: every row is as wide as the grid, its tiles share one height and
 * each tile is as wide as its image's aspect ratio makes it, so nothing is cropped or letterboxed.
 * Pure functions of the aspect ratios and the width: the grid calls them when a page arrives or the
 * width changes, never while scrolling (scrolling only looks rows up by offset, a binary search).
 *
 * Items not loaded yet: the library holds up to 100,000 items but only a few pages of 200 are ever
 * in the renderer, and main's list does not say their ratios. Rows are therefore made per chunk:
 * chunk 0 is the job tiles, the items announced at the top and page 0; chunk k is page k. No row
 * crosses a chunk boundary, so a page arriving changes only its own rows (the rows of every other
 * page keep their tiles; the ones below move by whole rows, and the grid keeps what is on screen
 * in place). A chunk whose page is not loaded is laid out as if every item had the mean ratio of
 * the items seen so far: about as many rows as it will have, so the scrollbar is about right.
 * Asking main for the query's compact list of ratios would make unseen rows exact, but it costs a
 * full scan per query and per change, for rows nobody is looking at yet.
 */

/** Width over height of each ratio the API makes. */
export const ASPECT_VALUES: Readonly<Record<AspectRatio, number>> = Object.fromEntries(
  ASPECT_RATIOS.map((ratio) => {
    const [width, height] = ratio.split(':').map(Number);
    return [ratio, (width ?? 1) / (height ?? 1)];
  }),
) as Record<AspectRatio, number>;

export { GalleryLayout, type JustifiedRow } from './library-grid-rows';

export interface LayoutOptions {
  width: number;
  /** The height a row aims at; a row ends where its height comes closest to it. */
  targetHeight: number;
  gap: number;
}

/** Ratios of a chunk's tiles (null: not known yet), or only how many tiles it has (all to be estimated). */
export type LayoutChunk = { aspects: readonly (number | null)[] } | { count: number };

export interface ChunkRow {
  count: number;
  height: number;
  filled: boolean;
}

/** The height tiles of these ratios get when they fill `width` side by side. */
function fillHeight(sum: number, count: number, { width, gap }: LayoutOptions): number {
  return Math.max(width - gap * (count - 1), 1) / sum;
}

/**
 * Breaks one chunk into rows: tiles are added while the row's filled height stays above the
 * target, and the break goes where the height comes closer to it (one tile more or not). The
 * chunk's last row, if it would be taller than the target, keeps the target height and is not
 * stretched (left-aligned, as in a photo app). Returns [count, height] per row.
 */
export function justifyChunk(aspects: readonly number[], options: LayoutOptions): ChunkRow[] {
  const rows: ChunkRow[] = [];
  let start = 0;
  while (start < aspects.length) {
    let sum = 0;
    let count = 0;
    let height = Infinity;
    while (start + count < aspects.length) {
      const next = sum + (aspects[start + count] ?? 1);
      const nextHeight = fillHeight(next, count + 1, options);
      // Ratios, not differences: a row twice too tall is as wrong as one half as tall.
      if (count > 0 && nextHeight < options.targetHeight && options.targetHeight / nextHeight > height / options.targetHeight) break;
      sum = next;
      count += 1;
      height = nextHeight;
      if (height <= options.targetHeight) break;
    }
    const short = start + count >= aspects.length && height > options.targetHeight;
    rows.push({ count, height: short ? options.targetHeight : height, filled: !short });
    start += count;
  }
  return rows;
}

/** The mean ratio of the known tiles (3:2 when none is known yet): what unknown tiles are laid out as. */
export function estimatedAspect(chunks: readonly LayoutChunk[]): number {
  let sum = 0;
  let count = 0;
  for (const chunk of chunks) {
    if (!('aspects' in chunk)) continue;
    for (const aspect of chunk.aspects) {
      if (aspect === null) continue;
      sum += aspect;
      count += 1;
    }
  }
  return count > 0 ? sum / count : ASPECT_VALUES['3:2'];
}

/**
 * The rows of chunks justified before, kept from one layout to the next: a page arriving justifies
 * only its own chunk, not the other few hundred (a 100,000-item library has 500 of them). A chunk is
 * known by its ratios array, so the caller must hand the same array for a chunk whose ratios have
 * not changed (and a new one when they have). Rows of a chunk with unknown ratios depend on the
 * estimate too and are kept only while it is the same. Another width, target or gap starts afresh.
 */
export class ChunkRowCache {
  private optionsKey = '';
  private rows = new WeakMap<readonly (number | null)[], { known: boolean; guess: number; rows: ChunkRow[] }>();

  rowsOf(aspects: readonly (number | null)[], guess: number, options: LayoutOptions): { known: boolean; rows: ChunkRow[] } {
    const optionsKey = `${options.width}/${options.targetHeight}/${options.gap}`;
    if (optionsKey !== this.optionsKey) {
      this.optionsKey = optionsKey;
      this.rows = new WeakMap();
    }
    const kept = this.rows.get(aspects);
    if (kept && (kept.known || kept.guess === guess)) return kept;
    const known = !aspects.includes(null);
    const rows = justifyChunk(known ? (aspects as readonly number[]) : aspects.map((aspect) => aspect ?? guess), options);
    this.rows.set(aspects, { known, guess, rows });
    return { known, rows };
  }

  private sums = new WeakMap<readonly (number | null)[], { sum: number; count: number }>();

  /**
   * estimatedAspect with each chunk's sum kept by its ratios array (the same contract as rowsOf): a
   * page arriving adds up its own ratios, not the 100,000 of every page seen (which allocated a
   * number per ratio in code V8 had not optimized yet). Equal to estimatedAspect up to rounding.
   */
  meanAspect(chunks: readonly LayoutChunk[]): number {
    let sum = 0;
    let count = 0;
    for (const chunk of chunks) {
      if (!('aspects' in chunk)) continue;
      let kept = this.sums.get(chunk.aspects);
      if (!kept) {
        kept = sumOf(chunk.aspects);
        this.sums.set(chunk.aspects, kept);
      }
      sum += kept.sum;
      count += kept.count;
    }
    return count > 0 ? sum / count : ASPECT_VALUES['3:2'];
  }
}

function sumOf(aspects: readonly (number | null)[]): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let at = 0; at < aspects.length; at += 1) {
    const aspect = aspects[at];
    if (aspect === null || aspect === undefined) continue;
    sum += aspect;
    count += 1;
  }
  return { sum, count };
}

const wholePixels = new WeakMap<readonly ChunkRow[], RowOfChunk[]>();

/** A chunk's rows at whole-pixel heights (tiles and rows land on the pixel grid, and tests can compare offsets exactly), made once per rows array. */
function wholePixelRows(rows: readonly ChunkRow[]): RowOfChunk[] {
  let rounded = wholePixels.get(rows);
  if (!rounded) {
    rounded = rows.map((row) => ({ count: row.count, height: Math.max(Math.round(row.height), 1), filled: row.filled }));
    wholePixels.set(rows, rounded);
  }
  return rounded;
}

/**
 * Lays out every chunk in turn; chunks of unknown ratios of the same size share one computation,
 * and with a `cache` chunks laid out before are not justified again (the result is the same).
 * Unknown ratios are laid out as `guess` (by default the mean of the known ones).
 */
export function layoutGallery(
  chunks: readonly LayoutChunk[],
  options: LayoutOptions,
  cache: ChunkRowCache = new ChunkRowCache(),
  guess: number = estimatedAspect(chunks),
): GalleryLayout {
  const guessedRows = new Map<number, ChunkRow[]>();
  // Each chunk's rows first (cached or justified), then the packed layout of exactly that many rows.
  const laidOut: Array<{ known: boolean; rows: ChunkRow[] }> = [];
  let rowCount = 0;
  for (const chunk of chunks) {
    if ('aspects' in chunk) laidOut.push(cache.rowsOf(chunk.aspects, guess, options));
    else {
      const rows = guessedRows.get(chunk.count) ?? justifyChunk(new Array<number>(chunk.count).fill(guess), options);
      guessedRows.set(chunk.count, rows);
      laidOut.push({ known: false, rows });
    }
    rowCount += laidOut[laidOut.length - 1]!.rows.length;
  }
  const layout = new GalleryLayout(rowCount, options.gap, laidOut.length);
  for (const { known, rows } of laidOut) layout.addChunk(wholePixelRows(rows), !known);
  return layout;
}

/** The row holding tile `index` (binary search); -1 when it is past the end. */
export function rowOfTile(layout: GalleryLayout, index: number): number {
  return layout.rowOfTile(index);
}

/** The row at `offset` px from the top (a gap counts with the row above it); the last row past the end. */
export function rowAtOffset(layout: GalleryLayout, offset: number, gap: number): number {
  return layout.rowAtOffset(offset, gap);
}

/**
 * The tiles' widths in a row: each its ratio times the row height, and for a filled row the
 * rounding is spread so the row ends exactly at `width` (no ragged right edge).
 */
export function tileWidths(aspects: readonly number[], height: number, options: LayoutOptions, filled: boolean): number[] {
  const widths = aspects.map((aspect) => Math.max(Math.round(aspect * height), 1));
  if (!filled || widths.length === 0) return widths;
  const room = options.width - options.gap * (widths.length - 1);
  const drift = room - widths.reduce((sum, width) => sum + width, 0);
  widths[widths.length - 1] = Math.max(widths[widths.length - 1]! + drift, 1);
  return widths;
}

/**
 * Up and Down between rows of different lengths: the tile in the row `step` rows away whose centre
 * is nearest the centre of tile `index` (centres from the ratios, no layout read). `aspectOf` gives
 * a tile's ratio; tiles before `firstTile` (the job tiles) are not landed on. Returns the tile's
 * index, or `index` when there is no such row or it has no tile to land on.
 */
export function tileAbove(
  layout: GalleryLayout,
  index: number,
  step: number,
  aspectOf: (tile: number) => number,
  options: LayoutOptions,
  firstTile = 0,
): number {
  const from = rowOfTile(layout, index);
  const toRow = layout.row(from + step);
  const fromRow = layout.row(from);
  if (from < 0 || !toRow || !fromRow) return index;
  const centreX = tileCentre(fromRow, index, aspectOf, options);
  let best = index;
  let bestDistance = Infinity;
  for (let tile = Math.max(toRow.start, firstTile); tile < toRow.start + toRow.count; tile += 1) {
    const distance = Math.abs(tileCentre(toRow, tile, aspectOf, options) - centreX);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = tile;
    }
  }
  return best;
}

function tileCentre(row: JustifiedRow, tile: number, aspectOf: (tile: number) => number, options: LayoutOptions): number {
  const aspects: number[] = [];
  for (let at = row.start; at < row.start + row.count; at += 1) aspects.push(aspectOf(at));
  const widths = tileWidths(aspects, row.height, options, row.filled);
  let left = 0;
  for (let at = 0; at < tile - row.start; at += 1) left += (widths[at] ?? 0) + options.gap;
  return left + (widths[tile - row.start] ?? 0) / 2;
}
