import { memo } from 'react';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { formatCost } from '../../components/money';
import { mediaUrl } from '../../ipc';
import { setItemFavorite } from './organize';

interface TileProblem {
  kind: 'refused' | 'download-failed' | 'missing';
  title: string;
  hint: string | null;
}

/** Items without an image to show still get a tile: nothing the user paid for disappears. */
export function tileProblem(item: LibraryItem): TileProblem | null {
  if (item.status === 'refused') return { kind: 'refused', title: 'Refused by policy', hint: 'No image was made for this prompt' };
  if (item.status === 'download-failed') return { kind: 'download-failed', title: 'Download failed', hint: 'Download again in the queue' };
  if (item.fileMissing || item.fileHash === null) return { kind: 'missing', title: 'File missing', hint: 'The image file is no longer on disk' };
  return null;
}

interface CellProps {
  id: string;
  index: number;
  /** 1-based, for aria-colindex. */
  column: number;
  item: LibraryItem | undefined;
  selected: boolean;
  /** The grid's one tab stop (roving tabindex). */
  tabbable: boolean;
}

/** What a cell carries loaded or not: the grid finds cells by role and position, and moves its one tab stop among them. */
function cellAttributes({ id, index, column, tabbable }: CellProps) {
  return { role: 'gridcell', id, 'data-position': index, 'aria-colindex': column, tabIndex: tabbable ? 0 : -1 } as const;
}

/**
 * One grid cell. Clicks and keys are handled once by the grid (event delegation by data-index);
 * only the star handles its own click. Memoized: a page arriving re-renders only cells whose
 * item or selection changed.
 */
export const LibraryCell = memo(function LibraryCell(props: CellProps) {
  const { id, item, selected, tabbable } = props;
  if (!item) {
    return (
      <div {...cellAttributes(props)} aria-busy="true" aria-label="Loading" className="tile tile-pending">
        <div className="tile-frame" />
      </div>
    );
  }

  const problem = tileProblem(item);
  const promptId = `${id}-prompt`;
  const problemId = `${id}-problem`;
  const cost = formatCost(item.credits);

  return (
    <div
      {...cellAttributes(props)}
      aria-selected={selected}
      aria-label={item.prompt}
      aria-describedby={problem ? problemId : undefined}
      className="tile"
      data-problem={problem?.kind}
      draggable={problem === null}
    >
      <figure className="tile-figure">
        <div className="tile-frame">
          {problem ? (
            <div className="tile-placeholder" id={problemId}>
              <span className="tile-placeholder-title">{problem.title}</span>
              {problem.hint ? <span className="tile-placeholder-hint">{problem.hint}</span> : null}
            </div>
          ) : (
            <img
              src={mediaUrl(item.id, 'thumb')}
              alt={item.prompt}
              width={item.width ?? undefined}
              height={item.height ?? undefined}
              loading="lazy"
              decoding="async"
              draggable={false}
            />
          )}
          <button
            type="button"
            className="tile-star"
            data-favorite={item.favorite}
            aria-label={item.favorite ? 'Unstar' : 'Star'}
            aria-describedby={promptId}
            tabIndex={tabbable ? 0 : -1}
            onClick={() => void setItemFavorite(item, !item.favorite)}
          >
            <span aria-hidden="true">{item.favorite ? '★' : '☆'}</span>
          </button>
          {selected ? (
            <span className="tile-check" aria-hidden="true">
              ✓
            </span>
          ) : null}
        </div>
        <figcaption className="tile-caption">
          <span className="tile-prompt" id={promptId}>
            {item.prompt}
          </span>
          <span className="tile-meta">
            <span>{item.aspectRatio}</span>
            {cost ? <span className="tile-cost">{cost}</span> : null}
          </span>
          {item.tags.length > 0 ? (
            <ul className="tile-tags" aria-label="Tags">
              {item.tags.map((tag) => (
                <li key={tag} className="tag-chip">
                  {tag}
                </li>
              ))}
            </ul>
          ) : null}
        </figcaption>
      </figure>
    </div>
  );
});
