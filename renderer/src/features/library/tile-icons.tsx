/**
 * The check a selected gallery tile draws, as a constant element made once at load: the same
 * markup lucide-react renders for it (lucide's 24×24 path, its attributes and class names), but a
 * tile reuses the element instead of running lucide's component, which builds its attributes
 * afresh for each icon. (The star and "More actions" icons are CSS masks: library-grid.css.)
 * tests/renderer/tile-icons.test.tsx holds it to lucide's own output.
 */

/** lucide's attributes, in its order. */
const svg = (size: number, fill: 'none', strokeWidth: number) =>
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

/** lucide's Check at 14 px, stroke 3. */
export const CHECK_ICON = (
  <svg {...svg(14, 'none', 3)} className="lucide lucide-check" aria-hidden="true">
    <path d="M20 6 9 17l-5-5" />
  </svg>
);
