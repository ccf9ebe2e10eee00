import { PLACEHOLDER_EDGE, type PlaceholderPixels } from '../ports';

/** 8-bit pixels laid out as sharp's raw output is: 1 (grey), 2 (grey, alpha), 3 (RGB) or 4 (RGBA) channels, row by row. */
export interface RawPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/**
 * The placeholder's pixels from a thumbnail's: shrunk to fit `edge` (its shape kept) by averaging
 * the block of input pixels each output pixel covers, as RGBA. Colours are weighted by their alpha,
 * as a premultiplied resize does, so what cannot be seen does not tint the placeholder.
 *
 * Done here rather than in another libvips pipeline: on a thumbnail's pixels (512 px a side) this
 * loop takes a fraction of a millisecond, less than starting a pipeline costs, and every ingest
 * makes one (ingest bench). Throws on pixels that are not what they say.
 */
export function shrinkForPlaceholder({ data, width, height, channels }: RawPixels, edge = PLACEHOLDER_EDGE): PlaceholderPixels {
  if (!(channels >= 1 && channels <= 4) || !(width > 0 && height > 0) || data.byteLength !== width * height * channels) {
    throw new Error(`Expected ${width}×${height} pixels of ${channels} channels, got ${data.byteLength} bytes.`);
  }
  const scale = Math.max(1, Math.max(width, height) / edge);
  const outWidth = Math.max(1, Math.round(width / scale));
  const outHeight = Math.max(1, Math.round(height / scale));
  // The first input column of each output column (and, last, the width): blocks as even as they can be.
  const columnStarts = new Uint32Array(outWidth + 1);
  for (let column = 0; column <= outWidth; column += 1) columnStarts[column] = Math.round((column * width) / outWidth);
  // Every `step`th pixel of every `step`th row: at least five a side still fall in each block, plenty
  // for a placeholder's few gradients, for a quarter of the reading at a thumbnail's size.
  const step = Math.max(1, Math.floor(scale / 5));
  // Per output pixel: red, green and blue (each weighted by alpha when there is one), alpha, pixels counted.
  const sums = new Float64Array(outWidth * outHeight * 5);
  for (let y = 0; y < height; y += step) {
    const rowBase = Math.min(outHeight - 1, Math.floor((y * outHeight) / height)) * outWidth;
    addRow(data, y * width * channels, channels, step, columnStarts, sums, rowBase);
  }
  const rgba = new Uint8Array(outWidth * outHeight * 4);
  for (let p = 0; p < outWidth * outHeight; p += 1) {
    const o = p * 5;
    const count = sums[o + 4]!;
    const alphaSum = sums[o + 3]!;
    // Without an alpha channel the colour sums were not weighted: divide by the count instead.
    const weight = channels === 2 || channels === 4 ? alphaSum : count;
    for (let c = 0; c < 3; c += 1) rgba[p * 4 + c] = weight > 0 ? Math.round(sums[o + c]! / weight) : 0;
    rgba[p * 4 + 3] = count > 0 ? Math.round(alphaSum / count) : 0;
  }
  return { width: outWidth, height: outHeight, rgba };
}

/**
 * Adds one input row into the sums of the output row at `rowBase`, block by block: the input
 * columns of one output pixel are summed in locals and written once (a loop per layout keeps the
 * common one, RGB, branch-free).
 */
function addRow(data: Uint8Array, start: number, channels: number, step: number, columnStarts: Uint32Array, sums: Float64Array, rowBase: number): void {
  const stride = channels * step;
  for (let column = 0; column + 1 < columnStarts.length; column += 1) {
    const end = start + columnStarts[column + 1]! * channels;
    let count = 0;
    let red = 0;
    let green = 0;
    let blue = 0;
    let alpha = 0;
    // The first sampled column at or after the block's start: samples stay on one grid across blocks.
    let i = start + Math.ceil(columnStarts[column]! / step) * stride;
    if (channels === 3) {
      for (; i < end; i += stride, count += 1) {
        red += data[i]!;
        green += data[i + 1]!;
        blue += data[i + 2]!;
      }
      alpha = 255 * count;
    } else if (channels === 4) {
      for (; i < end; i += stride, count += 1) {
        const a = data[i + 3]!;
        red += data[i]! * a;
        green += data[i + 1]! * a;
        blue += data[i + 2]! * a;
        alpha += a;
      }
    } else {
      for (; i < end; i += stride, count += 1) {
        const a = channels === 2 ? data[i + 1]! : 255;
        const grey = data[i]! * (channels === 2 ? a : 1);
        red += grey;
        green += grey;
        blue += grey;
        alpha += a;
      }
    }
    const o = (rowBase + column) * 5;
    sums[o]! += red;
    sums[o + 1]! += green;
    sums[o + 2]! += blue;
    sums[o + 3]! += alpha;
    sums[o + 4]! += count;
  }
}
