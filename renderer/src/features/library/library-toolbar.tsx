import './library-toolbar.css';
import { CheckSquare, PanelLeft, PanelRight, Search } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import type { LibraryQuery } from '../../../../electron/shared/domain';
import { IconButton } from '../../components/icon-button';
import { setPanelOpen, usePanelOpen, type SidePanel } from '../../stores/layout-store';
import { selectAllMatching } from '../../stores/library-selection-store';
import { useLibraryStore } from '../../stores/library-store';
import { INSPECTOR_ID } from '../inspector/inspector-ids';
import { SIDEBAR_ID } from '../sidebar/sidebar-ids';
import { FamilyChip } from './family-chip';
import { FiltersPopover } from './library-filters';
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

const PANEL_NAMES: Record<SidePanel, string> = { sidebar: 'library places', inspector: 'inspector' };
const PANEL_IDS: Record<SidePanel, string> = { sidebar: SIDEBAR_ID, inspector: INSPECTOR_ID };

/** Shows or hides a side area (a disclosure); the choice holds for this session. */
function PanelToggle({ panel }: { panel: SidePanel }) {
  const open = usePanelOpen(panel);
  return (
    <IconButton
      label={`${open ? 'Hide' : 'Show'} ${PANEL_NAMES[panel]}`}
      icon={panel === 'sidebar' ? <PanelLeft /> : <PanelRight />}
      aria-expanded={open}
      aria-controls={open ? PANEL_IDS[panel] : undefined}
      onClick={() => setPanelOpen(panel, !open)}
    />
  );
}

interface ToolbarProps {
  tileSize: number;
  onTileSize: (size: number) => void;
}

/** The slim bar over the grid: search, sort, tile size, the filters, select all, and the side areas' toggles. */
export function LibraryToolbar({ tileSize, onTileSize }: ToolbarProps) {
  const query = useLibraryStore((state) => state.query);
  const total = useLibraryStore((state) => state.total);
  const [text, setText] = useState(query.text);
  const sortId = useId();
  const sizeId = useId();

  useDebouncedCommit(text, SEARCH_DEBOUNCE_MS, (value) => changeLibraryQuery({ text: value }));

  return (
    <div className="library-tools">
      <PanelToggle panel="sidebar" />
      <div className="library-search-box">
        <Search className="library-search-icon" aria-hidden="true" />
        <input
          type="search"
          className="text-input library-search"
          aria-label="Search library"
          placeholder="Search the library"
          dir="auto"
          value={text}
          maxLength={500}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
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
      <label className="library-inline-field library-size-field" htmlFor={sizeId}>
        <span className="field-label">Tile size</span>
        <input
          id={sizeId}
          type="range"
          min={MIN_TILE_SIZE}
          max={MAX_TILE_SIZE}
          step={10}
          value={tileSize}
          aria-valuetext={`${tileSize} pixels`}
          onChange={(event) => onTileSize(Number(event.target.value))}
        />
      </label>
      <FiltersPopover />
      <FamilyChip />
      <button type="button" className="button button-small button-quiet" disabled={total === 0} onClick={selectAllMatching}>
        <CheckSquare aria-hidden="true" className="button-icon" />
        Select all
      </button>
      <span className="library-toolbar-end">
        <PanelToggle panel="inspector" />
      </span>
    </div>
  );
}
