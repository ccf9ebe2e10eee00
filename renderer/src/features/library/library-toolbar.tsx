import { useEffect, useId, useState, type ReactNode } from 'react';
import type { LibraryQuery } from '../../../../electron/shared/domain';
import { selectAllMatching } from '../../stores/library-selection-store';
import { useLibraryStore } from '../../stores/library-store';
import { activeFilterCount } from './format';
import { changeLibraryQuery } from './organize';

/** Typing waits this long before searching, so each keystroke is not a query. */
export const SEARCH_DEBOUNCE_MS = 150;
export const MIN_TILE_SIZE = 120;
export const MAX_TILE_SIZE = 320;

/** Commits `value` after `delay` ms without changes; the last value wins. */
export function useDebouncedCommit<T>(value: T, delay: number, commit: (value: T) => void): void {
  useEffect(() => {
    const timer = setTimeout(() => commit(value), delay);
    return () => clearTimeout(timer);
    // `commit` is a fresh closure each render; only a new value should restart the wait.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, delay]);
}

/** A toolbar button that shows or hides one of the library's panels (a disclosure). */
function PanelToggle({ open, panelId, onToggle, children }: { open: boolean; panelId: string; onToggle: () => void; children: ReactNode }) {
  return (
    <button type="button" className="button button-small" aria-expanded={open} aria-controls={panelId} onClick={onToggle}>
      {children}
    </button>
  );
}

interface ToolbarProps {
  tileSize: number;
  onTileSize: (size: number) => void;
  filtersOpen: boolean;
  onToggleFilters: () => void;
  filtersId: string;
  collectionsOpen: boolean;
  onToggleCollections: () => void;
  collectionsId: string;
  tagsOpen: boolean;
  onToggleTags: () => void;
  tagsId: string;
}

export function LibraryToolbar(props: ToolbarProps) {
  const query = useLibraryStore((state) => state.query);
  const total = useLibraryStore((state) => state.total);
  const [text, setText] = useState(query.text);
  const sortId = useId();
  const sizeId = useId();
  const filters = activeFilterCount(query);

  useDebouncedCommit(text, SEARCH_DEBOUNCE_MS, (value) => changeLibraryQuery({ text: value }));

  return (
    <div className="library-toolbar">
      <input
        type="search"
        className="text-input library-search"
        aria-label="Search library"
        placeholder="Search the library"
        value={text}
        maxLength={500}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="library-toolbar-row">
        <label className="library-inline-field" htmlFor={sortId}>
          <span className="field-label">Sort</span>
          <select
            id={sortId}
            className="select"
            value={query.sort}
            onChange={(event) => changeLibraryQuery({ sort: event.target.value as LibraryQuery['sort'] })}
          >
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </label>
        <label className="library-inline-field" htmlFor={sizeId}>
          <span className="field-label">Tile size</span>
          <input
            id={sizeId}
            type="range"
            min={MIN_TILE_SIZE}
            max={MAX_TILE_SIZE}
            step={10}
            value={props.tileSize}
            aria-valuetext={`${props.tileSize} pixels`}
            onChange={(event) => props.onTileSize(Number(event.target.value))}
          />
        </label>
        <PanelToggle open={props.filtersOpen} panelId={props.filtersId} onToggle={props.onToggleFilters}>
          Filters
          {filters > 0 ? (
            <span className="library-badge" aria-hidden="true">
              {filters}
            </span>
          ) : null}
        </PanelToggle>
        <PanelToggle open={props.collectionsOpen} panelId={props.collectionsId} onToggle={props.onToggleCollections}>
          Collections
        </PanelToggle>
        <PanelToggle open={props.tagsOpen} panelId={props.tagsId} onToggle={props.onToggleTags}>
          Tags
        </PanelToggle>
        <button
          type="button"
          className="button button-small"
          aria-pressed={query.view === 'trash'}
          onClick={() => changeLibraryQuery({ view: query.view === 'trash' ? 'library' : 'trash' })}
        >
          Trash
        </button>
        <button type="button" className="button button-small button-quiet" disabled={total === 0} onClick={selectAllMatching}>
          Select all
        </button>
      </div>
    </div>
  );
}
