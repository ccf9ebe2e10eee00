import './library-grid.css';
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { isItemSelected, selectRangeTo, toggleSelected, useSelectionStore } from '../../stores/library-selection-store';
import { itemAt, libraryItemAt, setLibraryViewport, useLibraryStore, type LoadedItems } from '../../stores/library-store';
import { openExport } from '../../stores/export-store';
import { openViewer } from '../../stores/viewer-store';
import { copyShortcut, hasTextSelection } from '../share/copy';
import { prepareDrag } from '../share/drag';
import { TileContextMenu, type TileAction } from '../share/tile-menu';
import { exportTargetFor } from '../share/tile-targets';
import { cellIndexOf, copyFromGrid, useGridPointer } from './library-grid-pointer';
import { focusTarget, toggleStarKey, trashKey } from './library-grid-keys';
import { anchorOf, scrolledMeanwhile } from './library-grid-anchor';
import { ASPECT_VALUES, rowOfTile, type LayoutOptions } from './library-grid-layout';
import { useGalleryModel, useShownGalleryJobs } from './library-grid-model';
import { JobTile } from '../queue/job-tile';
import { useGridWindow } from './library-grid-window';
import { addAsReference } from '../references/entry-points';
import { LibraryCell } from './library-tile';

/** The focused cell, in the query `version` it was chosen in. */
type FocusedCell = { version: number; index: number };
/** DOM focus still to move: to the cell a key chose (that very state), or back to the focused cell. */
type FocusRequest = FocusedCell | 'current' | null;

/** Space between tiles and rows, in px; `.library-row { gap }` reads it from --library-gap. */
export const TILE_GAP = 8;
const OVERSCAN_ROWS = 2;
/** The width laid out for before the grid has been measured. */
const UNMEASURED_WIDTH = 800;

const isGridCell = (target: EventTarget | null): target is HTMLElement => target instanceof HTMLElement && target.getAttribute('role') === 'gridcell';

/**
 * The library as a virtualized gallery of justified rows (library-grid-layout.ts): rows of equal
 * height whose tiles keep their image's ratio, only the rows on screen (plus a little) in the DOM,
 * however many items match. The window (library-grid-window.ts) reads the rows on screen from the
 * layout and writes row positions, row heights and the total height straight to the DOM through the
 * CSSOM (no style attributes), so scrolling re-renders React only when other rows come into view;
 * the rows are computed when a page arrives or the width changes, never per frame. Tile widths
 * come from their ratio in CSS.
 *
 * Job tiles (pending and failed generations) come first, in the same rows, but are not items: not
 * selectable, not counted in positions; their own buttons are in the tab order.
 *
 * Keyboard: one tab stop (roving tabindex); arrows (Up and Down to the nearest tile of the next
 * row), Home/End and Page Up/Down move focus, Shift with them extends the selection, Space
 * toggles, Enter opens the viewer, S stars, Delete moves to the trash (with Undo), Shift+F10 and
 * the Menu key open the tile's menu.
 */
export function LibraryGrid({ tileSize, labelledBy }: { tileSize: number; labelledBy: string }) {
  const total = useLibraryStore((state) => state.total);
  const queryVersion = useLibraryStore((state) => state.queryVersion);
  const epoch = useLibraryStore((state) => state.epoch);
  const inTrash = useLibraryStore((state) => state.query.view === 'trash');
  // The grid reads items by position; these make it re-render when loaded items change.
  const head = useLibraryStore((state) => state.head);
  const pages = useLibraryStore((state) => state.pages);
  const picked = useSelectionStore((state) => state.picked);
  const jobs = useShownGalleryJobs();
  const baseId = useId();

  const gridRef = useRef<HTMLDivElement | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [focus, setFocus] = useState<FocusedCell>({ version: queryVersion, index: 0 });
  const focusRequest = useRef<FocusRequest>(null);
  const [menu, setMenu] = useState<{ item: LibraryItem; index: number; moreButton: HTMLElement | null } | null>(null);
  const pendingAction = useRef<TileAction | null>(null);

  const options: LayoutOptions = useMemo(() => ({ width: size.width || UNMEASURED_WIDTH, targetHeight: tileSize, gap: TILE_GAP }), [size.width, tileSize]);
  const jobAspects = useMemo(() => jobs.map((job) => ASPECT_VALUES[job.params.aspectRatio]), [jobs]);
  // A page arriving re-lays the rows and turns a screenful of placeholders into tiles: that render
  // runs deferred (a transition), which React does in slices of a few ms between frames, instead of
  // in the store's synchronous update. The rows, their items and the query they belong to move together.
  const current = useMemo(() => ({ loaded: { head, pages, total } as LoadedItems, queryVersion }), [head, pages, total, queryVersion]);
  const { loaded, queryVersion: shownVersionOfRows } = useDeferredValue(current);
  const model = useGalleryModel({ loaded, queryVersion: shownVersionOfRows, jobAspects, options });
  const { layout, jobCount } = model;

  const focusIndex = focus.version === queryVersion ? Math.min(focus.index, Math.max(total - 1, 0)) : 0;
  const focusRow = Math.max(rowOfTile(layout, jobCount + focusIndex), 0);

  // The rows on screen, read from the layout; the focused row stays rendered even when it is
  // scrolled away, so focus never falls to <body>.
  const { rows, range, isScrolling, totalSize, offsetNow, scrollToOffset, scrollToRow, attachScroller, attachSizer } = useGridWindow({
    layout,
    viewportHeight: size.height,
    gap: TILE_GAP,
    overscan: OVERSCAN_ROWS,
    keepRow: focusRow,
  });

  const measureGrid = useCallback(
    (node: HTMLDivElement | null) => {
      gridRef.current = node;
      attachScroller(node);
      if (!node) return;
      const update = () => setSize({ width: node.clientWidth, height: node.clientHeight });
      update();
      if (typeof ResizeObserver === 'undefined') return () => attachScroller(null);
      const observer = new ResizeObserver(update);
      observer.observe(node);
      return () => {
        observer.disconnect();
        attachScroller(null);
      };
    },
    [attachScroller],
  );

  // Rows scrolled into view mount in a transition: React renders them in slices of a few
  // milliseconds between frames instead of one long task, and a scroll that moves on before they
  // are done drops the unfinished render. Until then the rows already mounted stay (positioned by
  // the window after each render).
  const shownRowIndices = useDeferredValue(rows);
  const lastIndex = Math.max(layout.rowCount - 1, 0);
  const firstRow = Math.min(Math.max((range?.startIndex ?? 0) - OVERSCAN_ROWS, 0), lastIndex);
  const lastRow = Math.min((range?.endIndex ?? 0) + OVERSCAN_ROWS, lastIndex);

  // Flying past: the rows shown moved by more than half of what is rendered since the last render
  // (a jump by scrollbar or key, a fling, a fast wheel), and the view is still moving. Cells that
  // mount meanwhile wait with their placeholder and load their thumbnail once it stops
  // (library-tile.tsx); a person scrolling to look loads as before.
  const [shownRows, setShownRows] = useState({ first: firstRow, last: lastRow });
  const [flying, setFlying] = useState(false);
  if (shownRows.first !== firstRow || shownRows.last !== lastRow) {
    setShownRows({ first: firstRow, last: lastRow });
    setFlying(Math.abs(firstRow - shownRows.first) * 2 > lastRow - firstRow + 1);
  }
  const thumbnailsWait = flying && isScrolling;

  // New rows (a page arrived, a job started or finished, another width or tile size): the tile that
  // was on screen stays where it was (a page arriving above the view after a jump would otherwise
  // push what the user is looking at away).
  const shown = useRef({ layout, jobCount, queryVersion: shownVersionOfRows });
  // The scroll position a re-flow has yet to write (see below), and the frame that writes it.
  const pendingScroll = useRef<{ top: number; frame: number } | null>(null);
  useEffect(
    () => () => {
      if (pendingScroll.current) cancelAnimationFrame(pendingScroll.current.frame);
    },
    [],
  );
  useLayoutEffect(() => {
    const previous = shown.current;
    shown.current = { layout, jobCount, queryVersion: shownVersionOfRows };
    if (previous.layout === layout) return;
    const pending = pendingScroll.current;
    if (pending) cancelAnimationFrame(pending.frame);
    pendingScroll.current = null;
    // Where the view is: a write still to come is where the previous rows put it.
    const offset = pending?.top ?? offsetNow();
    const anchor =
      previous.queryVersion === shownVersionOfRows ? anchorOf(previous.layout, offset, previous.jobCount + focusIndex, size.height, TILE_GAP) : null;
    if (!anchor) return;
    // Tile indices count the job tiles: the anchor is the same item (or job) in the new rows.
    const tile = anchor.tile - previous.jobCount + jobCount;
    const row = layout.row(rowOfTile(layout, Math.max(tile, 0)));
    if (!row || Math.abs(row.top + anchor.delta - offset) < 1) return;
    // Written at the start of the next frame, not here: writing scrollTop lays the page out at once
    // to clamp it (in a trace of the scroll bench, ~0.5 s of forced style and layout inside React's
    // commits, making each commit a long task of its own), while in the frame's animation callbacks
    // that layout is the one the frame does anyway, before anything is painted. The window takes
    // the offset from the scroll event, as it does a person's scroll; its layout effect (run before
    // this one) has already set the sizer to the new height. A scroll that lands before that frame
    // (the wheel) is kept: it moves the view from where the anchor puts it.
    const top = row.top + anchor.delta;
    const before = offsetNow();
    // Rows that shrink below the view make the browser pull the view up to the new end (its own
    // scroll event); that is not a person's scroll, and counting it would move the view up twice
    // (a jump to the end of 3,000 items landed a third of the way down).
    const clamped = Math.min(before, Math.max(0, totalSize - size.height));
    pendingScroll.current = {
      top,
      frame: requestAnimationFrame(() => {
        pendingScroll.current = null;
        const now = offsetNow();
        if (gridRef.current) gridRef.current.scrollTop = top + scrolledMeanwhile(before, clamped, now);
      }),
    };
  }, [layout, jobCount, shownVersionOfRows, focusIndex, size.height, offsetNow, totalSize]);

  // The gap and the estimate for tiles not loaded reach CSS through the CSSOM (row heights and
  // positions: the window's own layout effect).
  useLayoutEffect(() => {
    // Rounded: every change of a custom property on the grid restyles every tile under it (tens of
    // ms), and the mean ratio moves a little with each page; a flex share off by 0.005 is invisible.
    gridRef.current?.style.setProperty('--library-guess-aspect', model.aspectOfTile(layout.tiles).toFixed(2));
    gridRef.current?.style.setProperty('--library-gap', `${TILE_GAP}px`);
  });

  // A new search or filter starts at the top.
  const shownVersion = useRef(queryVersion);
  useEffect(() => {
    if (shownVersion.current === queryVersion) return;
    shownVersion.current = queryVersion;
    scrollToOffset(0);
  }, [scrollToOffset, queryVersion]);

  // Tell the store which items are on screen and which is focused; it loads what is missing (and drops what is far away).
  const first = layout.row(firstRow);
  const last = layout.row(lastRow);
  const firstTile = first?.start ?? 0;
  const endTile = (last?.start ?? 0) + (last?.count ?? 0);
  useEffect(() => {
    if (total === 0) return;
    setLibraryViewport(Math.max(firstTile - jobCount, 0), Math.min(Math.max(endTile - jobCount, 0), total), focusIndex);
  }, [firstTile, endTile, jobCount, total, epoch, focusIndex]);

  // A new selection is likely to be dragged next: main makes its files ready now (see prepareDrag).
  useEffect(() => {
    if (picked.kind === 'ids' && picked.ids.size > 0) prepareDrag([...picked.ids]);
  }, [picked]);

  // After keyboard navigation, move DOM focus to the newly focused cell once it is rendered. Only
  // the render that shows the requested focus may take the request: React runs the pending effects
  // of a render committed before the key press (a page reply, the window's own re-render)
  // after the key handler has set the request, and that render's effect would focus the old cell.
  useEffect(() => {
    const request = focusRequest.current;
    if (request === null || (request !== 'current' && request !== focus)) return;
    // The focused row may still be mounting (rows mount in a transition): keep the request until it is there.
    const cell = document.getElementById(`${baseId}-${focusIndex}`);
    if (!cell) return;
    focusRequest.current = null;
    cell.focus({ preventScroll: true });
  });

  const moveFocus = (index: number, extend: boolean) => {
    if (total === 0) return;
    const next: FocusedCell = { version: queryVersion, index: Math.min(Math.max(index, 0), total - 1) };
    setFocus(next);
    focusRequest.current = next;
    scrollToRow(Math.max(rowOfTile(layout, jobCount + next.index), 0));
    if (extend) {
      const item = libraryItemAt(next.index);
      if (item) selectRangeTo(item, next.index);
    }
  };

  const focusCell = (index: number) => {
    setFocus({ version: queryVersion, index });
    document.getElementById(`${baseId}-${index}`)?.focus({ preventScroll: true });
  };

  /** Runs a menu's action once the menu has closed and focus is back on the tile (the viewer and the export dialog return focus to what had it). */
  const runTileAction = (item: LibraryItem, index: number, action: TileAction) => {
    if (index >= 0) focusCell(index);
    if (action === 'open') openViewer(item.id);
    else if (action === 'use-as-reference') addAsReference(item);
    else if (action === 'export') {
      const target = exportTargetFor(item);
      openExport(target.selection, target.count);
    } else void copyFromGrid(item, action === 'copy-image' ? 'image' : action === 'copy-prompt' ? 'prompt' : 'both');
  };

  const openMenuFromKeyboard = (cell: HTMLElement) => {
    const rect = cell.getBoundingClientRect();
    cell.dispatchEvent(
      new MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: rect.left + rect.width / 2, clientY: rect.top + rect.height / 2 }),
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!isGridCell(event.target) || event.target.dataset.position === undefined) return;
    // The tile that has focus: the grid's own focus while a key's move is still on its way to the
    // DOM (keys in quick succession), else the cell the key was pressed on.
    const from = focusRequest.current === null ? Number(event.target.dataset.position) : focusIndex;
    const target = event.altKey ? null : focusTarget(event.key, { model, options, focus: from, total, viewportHeight: size.height });
    if (target !== null) {
      event.preventDefault();
      moveFocus(target, event.shiftKey);
      return;
    }
    const item = libraryItemAt(from);
    const copy = copyShortcut(event);
    if (copy !== null) {
      if (!item || hasTextSelection()) return;
      event.preventDefault();
      void copyFromGrid(item, copy);
      return;
    }
    if (!item) return;
    const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
    if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      event.preventDefault();
      openMenuFromKeyboard(event.target);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      openViewer(item.id);
    } else if (event.key === ' ') {
      event.preventDefault();
      void toggleSelected(item, from);
    } else if (plain && !inTrash && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void toggleStarKey(item);
    } else if (plain && !inTrash && event.key === 'Delete') {
      event.preventDefault();
      void trashKey(item);
    }
  };

  const pointer = useGridPointer({ onFocusCell: (index) => setFocus({ version: queryVersion, index }) });

  // Focus that arrives by other means (Tab, a click on a tile's button, assistive tech) moves the
  // grid's focus too, so S, Delete and the arrows act on the tile that really has focus.
  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const index = cellIndexOf(event.target);
    if (index !== null && index !== focusIndex) setFocus({ version: queryVersion, index });
  };

  // Before Radix's own handler: a tile's menu is for that tile; anywhere else no menu opens.
  const onContextMenu = (event: MouseEvent<HTMLDivElement>) => {
    const cell = event.target instanceof Element ? event.target.closest<HTMLElement>('[role="gridcell"][data-position]') : null;
    const index = cell ? Number(cell.dataset.position) : NaN;
    const item = Number.isInteger(index) ? libraryItemAt(index) : undefined;
    if (!item) {
      event.preventDefault();
      return;
    }
    setFocus({ version: queryVersion, index });
    pendingAction.current = null;
    // From a tile's "More actions" button: it is the menu's button while the menu is open.
    const moreButton = event.target instanceof Element ? event.target.closest<HTMLElement>('.tile-more') : null;
    moreButton?.setAttribute('aria-expanded', 'true');
    setMenu({ item, index, moreButton });
  };

  const onMenuCloseAutoFocus = (event: Event) => {
    event.preventDefault();
    const action = pendingAction.current;
    pendingAction.current = null;
    if (!menu) return;
    menu.moreButton?.removeAttribute('aria-expanded');
    if (action) runTileAction(menu.item, menu.index, action);
    else if (menu.moreButton?.isConnected) {
      setFocus({ version: queryVersion, index: menu.index });
      menu.moreButton.focus();
    } else focusCell(menu.index);
  };

  return (
    <TileContextMenu
      item={menu?.item ?? null}
      onAction={(action) => {
        pendingAction.current = action;
      }}
      onCloseAutoFocus={onMenuCloseAutoFocus}
    >
      <div
        ref={measureGrid}
        role="grid"
        aria-labelledby={labelledBy}
        aria-rowcount={layout.rowCount}
        aria-multiselectable="true"
        className="library-scroller"
        onKeyDown={onKeyDown}
        onContextMenu={onContextMenu}
        onFocus={onFocus}
        {...pointer}
      >
        <div ref={attachSizer} className="library-sizer" role="presentation">
          {shownRowIndices.map((index) => {
            const row = layout.row(index);
            if (!row) return null;
            return (
              <div
                key={index}
                data-index={index}
                data-filled={row.filled}
                role="row"
                aria-rowindex={index + 1}
                aria-label={`Row ${index + 1}`}
                className="library-row"
              >
                {Array.from({ length: row.count }, (_, column) => {
                  const tile = row.start + column;
                  if (tile < jobCount) {
                    const job = jobs[tile];
                    return job ? (
                      <div key={`job-${job.id}`} role="gridcell" aria-colindex={column + 1} className="tile-job" data-aspect={job.params.aspectRatio}>
                        <JobTile job={job} />
                      </div>
                    ) : null;
                  }
                  const index = tile - jobCount;
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
                      thumbnailsWait={thumbnailsWait}
                    />
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </TileContextMenu>
  );
}
