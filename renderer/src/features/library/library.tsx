import { useId } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { loadLibrary, loadMoreLibrary, useLibraryStore } from '../../stores/library-store';
import { LibraryEmpty } from './library-empty';
import { LibraryTile } from './library-tile';

function countText(shown: number, total: number): string {
  if (total === 0) return '';
  if (shown >= total) return total === 1 ? '1 image' : `${total} images`;
  return `${shown} of ${total} images`;
}

export function Library() {
  const items = useLibraryStore((state) => state.items);
  const total = useLibraryStore((state) => state.total);
  const status = useLibraryStore((state) => state.status);
  const nextCursor = useLibraryStore((state) => state.nextCursor);
  const loadingMore = useLibraryStore((state) => state.loadingMore);
  const error = useLibraryStore((state) => state.error);
  const headingId = useId();

  return (
    <section className="library" aria-label="Library">
      <div className="library-head">
        <h2 id={headingId} className="panel-title">
          Library
        </h2>
        <span className="library-count">{countText(items.length, total)}</span>
      </div>

      {error ? (
        <ErrorAlert
          error={error}
          title="The library could not be loaded"
          actions={
            <button
              type="button"
              className="button"
              onClick={() => void (status === 'error' ? loadLibrary() : loadMoreLibrary())}
            >
              Try again
            </button>
          }
        />
      ) : null}

      {status === 'loading' && items.length === 0 ? <p className="field-note">Loading the library…</p> : null}
      {status === 'ready' && items.length === 0 ? <LibraryEmpty /> : null}

      {items.length > 0 ? (
        <ul className="library-grid" aria-labelledby={headingId}>
          {items.map((item) => (
            <LibraryTile key={item.id} item={item} />
          ))}
        </ul>
      ) : null}

      {nextCursor !== null && status === 'ready' ? (
        <div className="library-more">
          {/* aria-disabled keeps focus on the button while the next page loads. */}
          <button
            type="button"
            className="button"
            aria-disabled={loadingMore}
            aria-busy={loadingMore}
            onClick={() => void loadMoreLibrary()}
          >
            Load more
          </button>
        </div>
      ) : null}
    </section>
  );
}
