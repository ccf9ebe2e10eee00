/**
 * The icons every gallery tile draws (star, "More actions", the selection check), as constant
 * elements made once at load: the same markup lucide-react renders for them (lucide's 24×24 paths,
 * its attributes and class names), but a tile mounting reuses the element instead of running
 * lucide's component, which builds its attributes afresh for each icon (Object.entries, spreads,
 * class-name sets). Tiles mount by the screenful while scrolling; in a heap sampling of the scroll
 * bench, lucide's icon building was ~7% of everything the renderer allocated.
 * tests/renderer/tile-icons.test.tsx holds these to lucide's own output.
 */

/** lucide's attributes, in its order. */
const svg = (size: number, fill: 'none' | 'currentColor', strokeWidth: number) =>
  ({
    xmlns: 'http://www.w3.org/2000/svg',
    width: size,
    height: size,
    viewBox: '0 0 24 24',
    fill,
    stroke: 'currentColor',
    strokeWidth,
    strokeLinecap: 'round',
    strokeLinejoin: 'round',
  }) as const;

const STAR_PATH =
  'M11.525 2.295a.53.53 0 0 1 .95 0l2.31 4.679a2.123 2.123 0 0 0 1.595 1.16l5.166.756a.53.53 0 0 1 .294.904l-3.736 3.638a2.123 2.123 0 0 0-.611 1.878l.882 5.14a.53.53 0 0 1-.771.56l-4.618-2.428a2.122 2.122 0 0 0-1.973 0L6.396 21.01a.53.53 0 0 1-.77-.56l.881-5.139a2.122 2.122 0 0 0-.611-1.879L2.16 9.795a.53.53 0 0 1 .294-.906l5.165-.755a2.122 2.122 0 0 0 1.597-1.16z';

const star = (fill: 'none' | 'currentColor') => (
  <svg {...svg(16, fill, 2)} className="lucide lucide-star" aria-hidden="true">
    <path d={STAR_PATH} />
  </svg>
);

/** lucide's Star at 16 px, outlined. */
export const STAR_ICON = star('none');
/** lucide's Star at 16 px, filled (a starred image). */
export const STARRED_ICON = star('currentColor');

/** lucide's Ellipsis at 16 px. */
export const ELLIPSIS_ICON = (
  <svg {...svg(16, 'none', 2)} className="lucide lucide-ellipsis lucide-more-horizontal" aria-hidden="true">
    <circle cx="12" cy="12" r="1" />
    <circle cx="19" cy="12" r="1" />
    <circle cx="5" cy="12" r="1" />
  </svg>
);

/** lucide's Check at 14 px, stroke 3. */
export const CHECK_ICON = (
  <svg {...svg(14, 'none', 3)} className="lucide lucide-check" aria-hidden="true">
    <path d="M20 6 9 17l-5-5" />
  </svg>
);
