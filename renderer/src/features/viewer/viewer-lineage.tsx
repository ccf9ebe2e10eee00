import { useId, type MouseEvent } from 'react';
import { REMIX_MODEL_ID } from '../../../../electron/shared/constants';
import type { LibraryItem, LineageSource } from '../../../../electron/shared/domain';
import { ErrorAlert } from '../../components/error-alert';
import { textDirection } from '../../components/text-direction';
import { mediaUrl } from '../../ipc';
import { showItemInViewer } from '../../stores/viewer-store';
import { openCompare } from '../compare/compare-store';
import { showFamily } from '../library/family-store';
import { itemLabel } from '../library/format';
import { useLineage } from './use-lineage';
import { hasImage, promptExcerpt } from './viewer-format';

/** The heading over an item's sources: how it was made from them. */
export function sourcesHeading(item: Pick<LibraryItem, 'model'>): string {
  return item.model === REMIX_MODEL_ID ? 'Remixed from' : 'Edited from';
}

/**
 * Shows another item in the viewer. The button pressed goes away with the details it sat in, so
 * focus is put on the dialog (keys keep working, and Tab starts again inside it).
 */
function openInViewer(event: MouseEvent<HTMLButtonElement>, id: string): void {
  const dialog = event.currentTarget.closest('dialog');
  showItemInViewer(id);
  dialog?.focus();
}

/** A linked item: its thumbnail and prompt, as one button that opens it in the viewer. */
function ItemLink({ item }: { item: LibraryItem }) {
  const label = itemLabel(item);
  return (
    <button type="button" className="button-bare lineage-link" onClick={(event) => openInViewer(event, item.id)}>
      {hasImage(item) ? (
        <img className="lineage-thumb" src={mediaUrl(item.id, 'thumb')} alt="" decoding="async" />
      ) : (
        <span className="lineage-thumb lineage-thumb-empty" aria-hidden="true" />
      )}
      <span className="lineage-text">
        <span className="lineage-prompt" dir={textDirection(label)}>
          {promptExcerpt(label)}
        </span>
        {item.trashedAt !== null ? <span className="lineage-note">In the trash</span> : null}
      </span>
    </button>
  );
}

function SourceEntry({ item, source, position, count }: { item: LibraryItem; source: LineageSource; position: number; count: number }) {
  if (source.item === null) {
    return (
      <li className="lineage-entry" data-missing="true">
        <span className="lineage-thumb lineage-thumb-empty" aria-hidden="true" />
        <span className="lineage-text">
          <span>No longer in the library</span>
          <span className="lineage-note viewer-mono">{source.id}</span>
        </span>
      </li>
    );
  }
  const found = source.item;
  const comparable = hasImage(item) && hasImage(found);
  return (
    <li className="lineage-entry">
      <ItemLink item={found} />
      {comparable ? (
        <button
          type="button"
          className="button button-small lineage-compare"
          onClick={() =>
            openCompare({ item: found, role: count > 1 ? `Source ${position}` : 'Source' }, { item, role: item.model === REMIX_MODEL_ID ? 'Remix' : 'Edit' })
          }
        >
          {count > 1 ? `Compare with source ${position}` : 'Compare with source'}
        </button>
      ) : null}
    </li>
  );
}

/**
 * "Edited from" / "Remixed from" (the sources, in the order they were sent) and "Versions" (what
 * was made from this image since), each a region of the viewer's side panel. Mounted per item.
 */
export function ViewerLineage({ item }: { item: LibraryItem }) {
  const state = useLineage(item.id);
  const sourcesId = useId();
  const versionsId = useId();

  if (state.status === 'failed') return <ErrorAlert error={state.error} title="Where this image came from could not be read" />;
  const lineage = state.status === 'ready' ? state.lineage : null;
  // Until main answers, the item's own list of ids says whether it has sources.
  const sources = lineage?.sources ?? [];
  const versions = lineage?.versions ?? [];
  const hasFamily = item.sources.length > 0 || versions.length > 0;

  return (
    <div className="viewer-lineage" aria-busy={lineage === null}>
      {item.sources.length > 0 ? (
        <section className="lineage-section" aria-labelledby={sourcesId}>
          <h3 id={sourcesId} className="section-title">
            {sourcesHeading(item)}
          </h3>
          <ul className="lineage-list">
            {sources.map((source, index) => (
              <SourceEntry key={`${source.id}-${index}`} item={item} source={source} position={index + 1} count={sources.length} />
            ))}
          </ul>
        </section>
      ) : null}
      <section className="lineage-section" aria-labelledby={versionsId}>
        <h3 id={versionsId} className="section-title">
          Versions
        </h3>
        {versions.length > 0 ? (
          <ul className="lineage-list">
            {versions.map((version) => (
              <li key={version.id} className="lineage-entry">
                <ItemLink item={version} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="field-note">{lineage === null ? 'Looking for versions…' : 'Nothing has been made from this image yet.'}</p>
        )}
      </section>
      {hasFamily ? (
        <div className="button-row">
          <button type="button" className="button button-small" onClick={() => showFamily(item)}>
            Show family
          </button>
        </div>
      ) : null}
    </div>
  );
}
