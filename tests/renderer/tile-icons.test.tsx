import { Check, Ellipsis, Star } from 'lucide-react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CHECK_ICON, ELLIPSIS_ICON, STAR_ICON, STARRED_ICON } from '../../renderer/src/features/library/tile-icons';

// The tiles' icons are constant elements instead of lucide's components (tile-icons.tsx says why):
// they must render exactly the markup lucide renders for the same icon, size, fill and stroke.

describe('tile icons', () => {
  it('render the same markup as lucide-react', () => {
    expect(renderToStaticMarkup(STAR_ICON)).toBe(renderToStaticMarkup(<Star aria-hidden="true" size={16} fill="none" />));
    expect(renderToStaticMarkup(STARRED_ICON)).toBe(renderToStaticMarkup(<Star aria-hidden="true" size={16} fill="currentColor" />));
    expect(renderToStaticMarkup(ELLIPSIS_ICON)).toBe(renderToStaticMarkup(<Ellipsis aria-hidden="true" size={16} />));
    expect(renderToStaticMarkup(CHECK_ICON)).toBe(renderToStaticMarkup(<Check size={14} strokeWidth={3} />));
  });

  it('can tell icons apart (the comparison above can fail)', () => {
    expect(renderToStaticMarkup(STAR_ICON)).not.toBe(renderToStaticMarkup(STARRED_ICON));
    expect(renderToStaticMarkup(CHECK_ICON)).not.toBe(renderToStaticMarkup(<Check aria-hidden="true" size={14} />));
  });
});
