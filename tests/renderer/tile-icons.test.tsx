import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Check, Ellipsis, Star } from 'lucide-react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CHECK_ICON } from '../../renderer/src/features/library/tile-icons';

// The selection check is a constant element instead of lucide's component, and the star and "More
// actions" icons are CSS masks (tile-icons.tsx and library-grid.css say why): each must draw the
// shapes lucide draws for the same icon.

const GRID_CSS = readFileSync(join(__dirname, '../../renderer/src/features/library/library-grid.css'), 'utf8');

/** The SVG a rule's mask-image draws, decoded from its data URL. */
function maskOf(selector: string): string {
  const rule = new RegExp(`^${selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\{\\s*mask-image: url\\("data:image/svg\\+xml,([^"]+)"\\);`, 'm').exec(
    GRID_CSS,
  );
  if (!rule) throw new Error(`library-grid.css has no mask-image rule for ${selector}`);
  return decodeURIComponent(rule[1]!);
}

/** The shapes inside an SVG, with their attributes in a comparable form (quotes unified). */
const shapesOf = (svg: string) => (/<svg[^>]*>([\s\S]*)<\/svg>/.exec(svg)?.[1] ?? '').replace(/'/g, '"');
const fillOf = (svg: string) => /<svg[^>]*\sfill=['"]([^'"]+)['"]/.exec(svg)?.[1];

describe('tile icons', () => {
  it('the check renders the same markup as lucide-react', () => {
    expect(renderToStaticMarkup(CHECK_ICON)).toBe(renderToStaticMarkup(<Check size={14} strokeWidth={3} />));
    expect(renderToStaticMarkup(CHECK_ICON)).not.toBe(renderToStaticMarkup(<Check aria-hidden="true" size={14} />));
  });

  it("the star and More actions masks draw lucide's shapes, the starred star filled", () => {
    expect(shapesOf(maskOf('.tile-star::before'))).toBe(shapesOf(renderToStaticMarkup(<Star />)));
    expect(shapesOf(maskOf(".tile-star[data-favorite='true']::before"))).toBe(shapesOf(renderToStaticMarkup(<Star />)));
    expect(shapesOf(maskOf('.tile-more::before'))).toBe(shapesOf(renderToStaticMarkup(<Ellipsis />)));
    expect(fillOf(maskOf('.tile-star::before'))).toBe('none');
    expect(fillOf(maskOf(".tile-star[data-favorite='true']::before"))).toBe('black');
    // The comparison can fail: a star is not an ellipsis.
    expect(shapesOf(maskOf('.tile-more::before'))).not.toBe(shapesOf(renderToStaticMarkup(<Star />)));
  });
});
