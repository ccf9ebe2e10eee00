/**
 * The vector parts of the drag icon, as SVG for sharp to draw: a card behind the picture when
 * several files travel together, and a count badge. Digits are drawn as strokes, not text, so the
 * badge looks the same on every machine whatever fonts it has (librsvg would otherwise pick one).
 */

/** Seven-segment strokes in a 6×10 box: a top, b upper right, c lower right, d bottom, e lower left, f upper left, g middle. */
const SEGMENTS = {
  a: 'M0 0H6',
  b: 'M6 0V5',
  c: 'M6 5V10',
  d: 'M0 10H6',
  e: 'M0 5V10',
  f: 'M0 0V5',
  g: 'M0 5H6',
} as const;

const DIGITS: readonly string[] = ['abcdef', 'bc', 'abged', 'abgcd', 'fgbc', 'afgcd', 'afgedc', 'abc', 'abcdefg', 'abcdfg'];

const DIGIT_WIDTH = 6;
const DIGIT_HEIGHT = 10;
const DIGIT_GAP = 4;

function digitPaths(text: string): string {
  return [...text]
    .map((char, index) => {
      const segments = DIGITS[Number(char)] ?? '';
      const path = [...segments].map((segment) => SEGMENTS[segment as keyof typeof SEGMENTS]).join('');
      return `<path transform="translate(${index * (DIGIT_WIDTH + DIGIT_GAP)} 0)" d="${path}"/>`;
    })
    .join('');
}

/** A rounded card peeking out behind the picture, top right, so several files read as a stack. */
export function stackCardSvg(canvas: number, card: { left: number; top: number; size: number }): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${canvas}" height="${canvas}">` +
    `<rect x="${card.left + 0.5}" y="${card.top + 0.5}" width="${card.size - 1}" height="${card.size - 1}" rx="6" ` +
    `fill="#e8e8ee" stroke="#8a8a99" stroke-width="1"/></svg>`
  );
}

/** A pill in the top-right corner with `count` drawn in it (white on blue, legible on any picture). */
export function countBadgeSvg(canvas: number, count: number): string {
  const text = String(Math.max(0, Math.floor(count)));
  const scale = 1.3;
  const textWidth = (text.length * DIGIT_WIDTH + (text.length - 1) * DIGIT_GAP) * scale;
  const height = 26;
  const width = Math.max(height, textWidth + 16);
  const left = canvas - width - 1;
  const top = 1;
  const textLeft = left + (width - textWidth) / 2;
  const textTop = top + (height - DIGIT_HEIGHT * scale) / 2;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${canvas}" height="${canvas}">` +
    `<rect x="${left}" y="${top}" width="${width}" height="${height}" rx="${height / 2}" fill="#2563eb" stroke="#ffffff" stroke-width="2"/>` +
    `<g transform="translate(${textLeft} ${textTop}) scale(${scale})" fill="none" stroke="#ffffff" stroke-width="2" ` +
    `stroke-linecap="round" stroke-linejoin="round">${digitPaths(text)}</g></svg>`
  );
}
