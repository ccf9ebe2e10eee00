import { memo, useCallback, useState } from 'react';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { formatCost } from '../../components/money';
import { mediaUrl } from '../../ipc';
import { textDirection } from '../../components/text-direction';
import { TileMoreButton } from '../share/tile-menu';
import { itemLabel } from './format';
import { placeholderUrl } from './placeholder';
import { tileProblem } from './library-tile-problem';
import { setItemFavorite } from './organize';
import { CHECK_ICON } from './tile-icons';

export { tileProblem } from './library-tile-problem';

interface CellProps {
  id: string;
  index: number;
  /** 1-based, for aria-colindex. */
  column: number;
  item: LibraryItem | undefined;
  selected: boolean;
  /** The grid's one tab stop (roving tabindex). */
  tabbable: boolean;
  /** The view is flying past (library-grid.tsx `thumbnailsWait`): a cell mounting now shows its placeholder until it stops. */
  thumbnailsWait: boolean;
}

/**
 * Whether a cell loads its thumbnail yet. Not while the view flies past it: a cell mounted during a
 * jump or a fling is on screen for a frame or two, and fetching and decoding its thumbnail would only
 * take the CPU from the frames that follow. It loads once the view stops; once loading, it keeps it.
 */
function useThumbnailAllowed(wait: boolean): boolean {
  const [allowed, setAllowed] = useState(!wait);
  if (!wait && !allowed) setAllowed(true);
  return allowed;
}

/** What a cell carries loaded or not: the grid finds cells by role and position, and moves its one tab stop among them. */
function cellAttributes({ id, index, column, tabbable }: Pick<CellProps, 'id' | 'index' | 'column' | 'tabbable'>) {
  return { role: 'gridcell', id, 'data-position': index, 'aria-colindex': column, tabIndex: tabbable ? 0 : -1 } as const;
}

/**
 * One grid cell, as wide as its image's ratio makes it in its row (the row sets the height; CSS
 * reads the ratio from data-aspect). Clicks and keys are handled once by the grid (event
 * delegation by data-position); only the star and "More actions" (which opens the grid's menu) handle their own. Memoized: a
 * page arriving re-renders only cells whose item or selection changed.
 */
export const LibraryCell = memo(function LibraryCell(props: CellProps) {
  const { id, item, selected, tabbable } = props;
  const thumbnailAllowed = useThumbnailAllowed(props.thumbnailsWait);
  // The ThumbHash is drawn under the thumbnail while it loads; set through the CSSOM (no style
  // attributes), as the frame's own background-image rather than a custom property: a custom
  // property is inherited, and one that differs on every tile keeps Chromium from sharing computed
  // styles between the tiles' descendants (a quarter less style work in the scroll bench's traces).
  const placeholder = item && item.fileHash !== null ? placeholderUrl(item.placeholder) : null;
  const framePlaceholder = useCallback(
    (node: HTMLDivElement | null) => {
      if (!node) return;
      if (placeholder) node.style.setProperty('background-image', `url("${placeholder}")`);
      else node.style.removeProperty('background-image');
    },
    [placeholder],
  );

  if (!item) {
    return (
      <div {...cellAttributes(props)} aria-busy="true" aria-label="Loading" className="tile tile-pending">
        <div className="tile-frame" />
      </div>
    );
  }

  const problem = tileProblem(item);
  const label = itemLabel(item);
  const promptId = `${id}-prompt`;
  const problemId = `${id}-problem`;
  const detailsId = `${id}-details`;
  const cost = formatCost(item.credits);

  return (
    <div
      {...cellAttributes(props)}
      aria-selected={selected}
      aria-label={label}
      aria-describedby={problem ? `${problemId} ${detailsId}` : detailsId}
      className="tile"
      data-aspect={item.aspectRatio}
      data-problem={problem?.kind}
      draggable={problem === null}
    >
      <figure className="tile-figure">
        <div ref={framePlaceholder} className="tile-frame" data-thumbnail={problem || thumbnailAllowed ? undefined : 'waiting'}>
          {problem ? (
            <div className="tile-placeholder" id={problemId}>
              <span className="tile-placeholder-title">{problem.title}</span>
              {problem.hint ? <span className="tile-placeholder-hint">{problem.hint}</span> : null}
            </div>
          ) : thumbnailAllowed ? (
            <img
              src={mediaUrl(item.id, 'thumb')}
              alt={label}
              dir={textDirection(label)}
              width={item.width ?? undefined}
              height={item.height ?? undefined}
              loading="lazy"
              decoding="async"
              draggable={false}
            />
          ) : null}
          <div className="tile-actions">
            <button
              type="button"
              className="tile-button tile-star"
              data-favorite={item.favorite}
              aria-label={item.favorite ? 'Unstar' : 'Star'}
              aria-describedby={promptId}
              title={item.favorite ? 'Unstar (S)' : 'Star (S)'}
              tabIndex={tabbable ? 0 : -1}
              onClick={() => void setItemFavorite(item, !item.favorite)}
            />
            <TileMoreButton tabbable={tabbable} describedBy={promptId} />
          </div>
          {selected ? (
            <span className="tile-check" aria-hidden="true">
              {CHECK_ICON}
            </span>
          ) : null}
        </div>
        <figcaption className="tile-caption">
          <span className="tile-prompt" id={promptId} dir="auto">
            {label}
          </span>
          {/*
           * Ratio, cost and tags are the tile's description, not shown on it (the inspector shows
           * them): visible text a tile's name does not contain would make its name lie to voice
           * control users (WCAG 2.5.3), and the name must stay the prompt.
           */}
          <div className="visually-hidden" id={detailsId}>
            {cost ? `${item.aspectRatio}, ${cost}` : item.aspectRatio}
            {item.tags.length > 0 ? (
              <ul className="tile-tags" aria-label="Tags">
                {item.tags.map((tag) => (
                  <li key={tag} className="tag-chip" dir="auto">
                    {tag}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </figcaption>
      </figure>
    </div>
  );
});
