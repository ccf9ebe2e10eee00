import type { LibraryItem } from '../../../../electron/shared/domain';
import { mediaUrl } from '../../ipc';
import { formatCost } from '../../components/money';

/** width/height reserve the tile's shape before the thumbnail has loaded. */
export function LibraryTile({ item }: { item: LibraryItem }) {
  const cost = formatCost(item.credits);
  return (
    <li className="tile">
      <figure className="tile-figure">
        <div className="tile-frame">
          <img
            src={mediaUrl(item.id, 'thumb')}
            alt={item.prompt}
            width={item.width}
            height={item.height}
            loading="lazy"
            decoding="async"
            draggable={false}
          />
        </div>
        <figcaption className="tile-caption">
          <span>{item.aspectRatio}</span>
          {cost ? <span className="tile-cost">{cost}</span> : null}
        </figcaption>
      </figure>
    </li>
  );
}
