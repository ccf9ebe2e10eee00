import './library-grid.css';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type DragEvent,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
} from 'react';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { isItemSelected, selectOnly, selectRangeTo, toggleSelected, useSelectionStore } from '../../stores/library-selection-store';
import { itemAt, libraryItemAt, setLibraryViewport, useLibraryStore, type LoadedItems } from '../../stores/library-store';
import { openExport } from '../../stores/export-store';
import { showActionError, showToast } from '../../stores/library-undo-store';
import { openViewer } from '../../stores/viewer-store';
import { copyItem, copyShortcut, hasTextSelection, type CopyWhat } from '../share/copy';
import { dragNotice, MAX_DRAG_ITEMS, prepareDrag, startNativeDrag } from '../share/drag';
import { TileMenu, type TileAction } from '../share/tile-menu';
import { dragIdsFor, exportTargetFor } from '../share/tile-targets';
import { LibraryCell, tileProblem } from './library-tile';

/** Copies from the grid; the library's status line says what happened. */
async function copyFromGrid(item: LibraryItem, what: CopyWhat): Promise<void> {
  if (what !== 'prompt' && tileProblem(item) !== null) {
    showToast('This image has no file to copy', false);
    return;
  }
  if (what !== 'image' && item.prompt.trim() === '') {
    showToast('This image has no prompt to copy', false);
    return;
  }
  const result = await copyItem(item.id, what);
  if (result.ok) showToast(result.message, false);
  else showActionError(result.error);
}

interface MenuAt {
  index: number;
  item: LibraryItem;
  x: number;
  y: number;
}

/** The focused cell, in the query `version` it was chosen in. */
type FocusedCell = { version: number; index: number };
/** DOM focus still to move: to the cell a key chose (that very state), or back to the focused cell. */
type FocusRequest = FocusedCell | 'current' | null;

/** Space between tiles, in px; matches `.library-row { gap }` in styles.css. */
export const TILE_GAP = 12;
const OVERSCAN_ROWS = 2;

/** Columns that fit: as many tiles of at least `tileSize` as the width holds, stretched to fill it. */
export function gridColumns(width: number, tileSize: number): number {
  return Math.max(1, Math.floor((width + TILE_GAP) / (tileSize + TILE_GAP)));
}

const isGridCell = (target: EventTarget | null): target is HTMLElement => target instanceof HTMLElement && target.getAttribute('role') === 'gridcell';

const cellIndexOf = (target: EventTarget | null): number | null => {
  if (!(target instanceof Element)) return null;
  const cell = target.closest<HTMLElement>('[role="gridcell"]');
  const index = cell ? Number(cell.dataset.position) : NaN;
  return Number.isInteger(index) ? index : null;
};

/**
 * The library as a virtualized grid: rows of tiles, only the rows on screen (plus a little) in the
 * DOM, however many items match. The virtualizer writes row positions and the total height
 * straight to the DOM (`directDomUpdates`), so scrolling does not re-render React, and column
 * count and cell size reach CSS as custom properties set through the CSSOM: no style attributes.
 *
 * Keyboard: one tab stop (roving tabindex); arrows, Home/End and Page Up/Down move focus, Shift
 * with them extends the selection, Space toggles, Enter opens the viewer.
 */
export function LibraryGrid({ tileSize, labelledBy }: { tileSize: number; labelledBy: string }) {
  const total = useLibraryStore((state) => state.total);
  const queryVersion = useLibraryStore((state) => state.queryVersion);
  const epoch = useLibraryStore((state) => state.epoch);
  // The grid reads items by position; these make it re-render when loaded items change.
  const head = useLibraryStore((state) => state.head);
  const pages = useLibraryStore((state) => state.pages);
  const picked = useSelectionStore((state) => state.picked);
  const baseId = useId();

  const gridRef = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(0);
  const [focus, setFocus] = useState<FocusedCell>({ version: queryVersion, index: 0 });
  const focusRequest = useRef<FocusRequest>(null);
  const [menu, setMenu] = useState<MenuAt | null>(null);

  const columns = gridColumns(width, tileSize);
  const cell = width > 0 ? Math.max(Math.floor((width - TILE_GAP * (columns - 1)) / columns), 40) : tileSize;
  const rowSize = cell + TILE_GAP;
  const rowCount = Math.ceil(total / columns);
  const focusIndex = focus.version === queryVersion ? Math.min(focus.index, Math.max(total - 1, 0)) : 0;
  const focusRow = Math.floor(focusIndex / columns);

  const measureGrid = useCallback((node: HTMLDivElement | null) => {
    gridRef.current = node;
    if (!node) return;
    const update = () => setWidth(node.clientWidth);
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  // Keep the focused row rendered even when it is scrolled away, so focus never falls to <body>.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const rows = defaultRangeExtractor(range);
      if (focusRow < range.count && !rows.includes(focusRow)) {
        rows.push(focusRow);
        rows.sort((a, b) => a - b);
      }
      return rows;
    },
    [focusRow],
  );

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is a mutable object by design; this component is not auto-memoized
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => gridRef.current,
    estimateSize: () => rowSize,
    // Rows have a known height: no layout reads while scrolling.
    measureElement: () => rowSize,
    overscan: OVERSCAN_ROWS,
    directDomUpdates: true,
    // With direct DOM updates the adapter positions rows itself; flushing React synchronously on top
    // would re-enter React during its own commit (React 19 warns, and it can loop).
    useFlushSync: false,
    rangeExtractor,
  });

  const rows = virtualizer.getVirtualItems();
  const firstRow = Math.max((virtualizer.range?.startIndex ?? 0) - OVERSCAN_ROWS, 0);
  const lastRow = Math.min((virtualizer.range?.endIndex ?? 0) + OVERSCAN_ROWS, Math.max(rowCount - 1, 0));

  useLayoutEffect(() => {
    const grid = gridRef.current;
    if (!grid) return;
    grid.style.setProperty('--library-columns', String(columns));
    grid.style.setProperty('--library-cell', `${cell}px`);
  }, [columns, cell]);

  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, rowSize]);

  // A new tile size or width re-flows the rows: keep the image that was first on screen in view.
  const layout = useRef({ columns, rowSize, topIndex: 0 });
  useEffect(() => {
    const previous = layout.current;
    if (previous.columns !== columns || previous.rowSize !== rowSize) {
      layout.current = { columns, rowSize, topIndex: previous.topIndex };
      if (previous.topIndex > 0) virtualizer.scrollToIndex(Math.floor(previous.topIndex / columns), { align: 'start' });
      return;
    }
    previous.topIndex = (virtualizer.range?.startIndex ?? 0) * columns;
  });

  // A new search or filter starts at the top.
  const shownVersion = useRef(queryVersion);
  useEffect(() => {
    if (shownVersion.current === queryVersion) return;
    shownVersion.current = queryVersion;
    virtualizer.scrollToOffset(0);
  }, [virtualizer, queryVersion]);

  // Tell the store what is on screen; it loads what is missing (and drops what is far away).
  useEffect(() => {
    if (rowCount === 0) return;
    setLibraryViewport(firstRow * columns, Math.min((lastRow + 1) * columns, total));
  }, [firstRow, lastRow, columns, total, rowCount, epoch]);

  // A new selection is likely to be dragged next: main makes its files ready now (see prepareDrag).
  useEffect(() => {
    if (picked.kind === 'ids' && picked.ids.size > 0) prepareDrag([...picked.ids]);
  }, [picked]);

  // After keyboard navigation, move DOM focus to the newly focused cell once it is rendered. Only
  // the render that shows the requested focus may take the request: React runs the pending effects
  // of a render committed before the key press (a page reply, the virtualizer's own re-render)
  // after the key handler has set the request, and that render's effect would focus the old cell.
  useEffect(() => {
    const request = focusRequest.current;
    if (request === null || (request !== 'current' && request !== focus)) return;
    focusRequest.current = null;
    document.getElementById(`${baseId}-${focusIndex}`)?.focus({ preventScroll: true });
  });

  const moveFocus = (index: number, extend: boolean) => {
    if (total === 0) return;
    const next: FocusedCell = { version: queryVersion, index: Math.min(Math.max(index, 0), total - 1) };
    setFocus(next);
    focusRequest.current = next;
    virtualizer.scrollToIndex(Math.floor(next.index / columns), { align: 'auto' });
    if (extend) {
      const item = libraryItemAt(next.index);
      if (item) selectRangeTo(item, next.index);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!isGridCell(event.target)) return;
    const pageRows = Math.max(Math.floor((gridRef.current?.clientHeight ?? 0) / rowSize), 1);
    const moves: Record<string, number> = {
      ArrowRight: focusIndex + 1,
      ArrowLeft: focusIndex - 1,
      ArrowDown: focusIndex + columns,
      ArrowUp: focusIndex - columns,
      PageDown: focusIndex + pageRows * columns,
      PageUp: focusIndex - pageRows * columns,
      Home: 0,
      End: total - 1,
    };
    const target = moves[event.key];
    if (target !== undefined && !event.altKey) {
      event.preventDefault();
      moveFocus(target, event.shiftKey);
      return;
    }
    const item = libraryItemAt(focusIndex);
    const copy = copyShortcut(event);
    if (copy !== null) {
      if (!item || hasTextSelection()) return;
      event.preventDefault();
      void copyFromGrid(item, copy);
      return;
    }
    if (item && (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey))) {
      event.preventDefault();
      const rect = event.target.getBoundingClientRect();
      setMenu({ index: focusIndex, item, x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
      return;
    }
    if (event.key === 'Enter' && item) {
      event.preventDefault();
      openViewer(item.id);
    } else if (event.key === ' ' && item) {
      event.preventDefault();
      void toggleSelected(item, focusIndex);
    }
  };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (event.target instanceof Element && event.target.closest('button')) return;
    const index = cellIndexOf(event.target);
    if (index === null) return;
    setFocus({ version: queryVersion, index });
    const item = libraryItemAt(index);
    if (!item) return;
    if (event.shiftKey) selectRangeTo(item, index);
    else if (event.ctrlKey || event.metaKey) void toggleSelected(item, index);
    else selectOnly(item, index);
  };

  const onDoubleClick = (event: MouseEvent<HTMLDivElement>) => {
    if (event.target instanceof Element && event.target.closest('button')) return;
    const index = cellIndexOf(event.target);
    const item = index === null ? undefined : libraryItemAt(index);
    if (item) openViewer(item.id);
  };

  const onContextMenu = (event: MouseEvent<HTMLDivElement>) => {
    const index = cellIndexOf(event.target);
    const item = index === null ? undefined : libraryItemAt(index);
    if (index === null || !item) return;
    event.preventDefault();
    setFocus({ version: queryVersion, index });
    setMenu({ index, item, x: event.clientX, y: event.clientY });
  };

  const focusCell = (index: number) => document.getElementById(`${baseId}-${index}`)?.focus({ preventScroll: true });

  const dismissMenu = useCallback((returnFocus: boolean) => {
    if (returnFocus) focusRequest.current = 'current';
    setMenu(null);
  }, []);

  const onMenuAction = (action: TileAction) => {
    if (!menu) return;
    const { item, index } = menu;
    setMenu(null);
    // Back on the tile first: the viewer and the export dialog return focus to what had it.
    focusCell(index);
    if (action === 'open') openViewer(item.id);
    else if (action === 'export') {
      const target = exportTargetFor(item);
      openExport(target.selection, target.count);
    } else void copyFromGrid(item, action === 'copy-image' ? 'image' : action === 'copy-prompt' ? 'prompt' : 'both');
  };

  // Electron's native file drag: the selection when the tile is in it, otherwise that tile.
  const onDragStart = (event: DragEvent<HTMLDivElement>) => {
    const index = cellIndexOf(event.target);
    const item = index === null ? undefined : libraryItemAt(index);
    if (!item || tileProblem(item) !== null) {
      event.preventDefault();
      return;
    }
    const ids = dragIdsFor(item);
    if (ids === null) {
      event.preventDefault();
      useSelectionStore.setState({ notice: `At most ${MAX_DRAG_ITEMS} images can be dragged at once; use Export… for more.` });
      return;
    }
    void startNativeDrag(event, ids).then((result) => {
      if (!result.ok) showActionError(result.error);
      else {
        const notice = dragNotice(result.value);
        if (notice !== null) showToast(notice, false);
      }
    });
  };

  // A press on a tile may become a drag: what it would drag is made ready while the pointer moves.
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    const index = cellIndexOf(event.target);
    const item = index === null ? undefined : libraryItemAt(index);
    if (!item || tileProblem(item) !== null) return;
    const ids = dragIdsFor(item);
    if (ids !== null) prepareDrag(ids);
  };

  // Shift+click selects a range, not the text between the two clicks.
  const onMouseDown = (event: MouseEvent<HTMLDivElement>) => {
    if (event.shiftKey) event.preventDefault();
  };

  const loaded: LoadedItems = { head, pages, total };

  return (
    <>
      <div
        ref={measureGrid}
        role="grid"
        aria-labelledby={labelledBy}
        aria-rowcount={rowCount}
        aria-colcount={columns}
        aria-multiselectable="true"
        className="library-scroller"
        onKeyDown={onKeyDown}
        onClick={onClick}
        onDoubleClick={onDoubleClick}
        onMouseDown={onMouseDown}
        onPointerDown={onPointerDown}
        onContextMenu={onContextMenu}
        onDragStart={onDragStart}
      >
        <div ref={virtualizer.containerRef} className="library-sizer" role="presentation">
          {rows.map((row) => {
            const first = row.index * columns;
            const count = Math.min(columns, total - first);
            return (
              <div key={row.key} ref={virtualizer.measureElement} data-index={row.index} role="row" aria-rowindex={row.index + 1} className="library-row">
                {Array.from({ length: count }, (_, column) => {
                  const index = first + column;
                  const item = itemAt(loaded, index);
                  return (
                    <LibraryCell
                      key={index}
                      id={`${baseId}-${index}`}
                      index={index}
                      column={column + 1}
                      item={item}
                      selected={item ? isItemSelected(picked, item) : false}
                      tabbable={index === focusIndex}
                    />
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      {menu ? <TileMenu item={menu.item} x={menu.x} y={menu.y} onAction={onMenuAction} onDismiss={dismissMenu} /> : null}
    </>
  );
}
