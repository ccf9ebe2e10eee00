import { useCallback, useEffect, useLayoutEffect, useReducer, useState } from 'react';
import type { GalleryLayout } from './library-grid-layout';

/** How long after the last scroll event the view counts as stopped (TanStack Virtual's default, which the grid used before). */
export const SCROLL_SETTLE_MS = 150;

/** The rows on screen: the first and the last a viewport at the scroll position touches. */
export interface RowRange {
  startIndex: number;
  endIndex: number;
}

export interface GridWindow {
  /** The rows to render, ascending: those on screen, `overscan` more each way, and `keepRow`; the same array while they are the same. */
  rows: readonly number[];
  /** The rows on screen, without overscan; null while there are none. */
  range: RowRange | null;
  /** A scroll event came less than SCROLL_SETTLE_MS ago. */
  isScrolling: boolean;
  /** The rows' height with the gap below the last one: the sizer's height. */
  totalSize: number;
  /** The scroller's scrollTop as its last scroll event (or attaching) left it; for effects and callbacks. */
  offsetNow(): number;
  scrollToOffset(top: number): void;
  /** Scrolls the least that shows all of row `index` and the gap below it (nothing when it is shown already). */
  scrollToRow(index: number): void;
  /** Called with the scroll element (in its ref callback): attaches the scroll listener; null detaches it. */
  attachScroller(node: HTMLElement | null): void;
  /** Called with the element that holds the rows (its children carry `data-index`): rows are positioned in it. */
  attachSizer(node: HTMLElement | null): void;
}

/** The rows a viewport `height` px tall at `offset` touches (TanStack Virtual's calculateRange on the same rows). */
export function rowRangeAt(layout: GalleryLayout, offset: number, height: number, gap: number): RowRange | null {
  if (layout.rowCount === 0) return null;
  const startIndex = layout.rowAtOffset(offset, gap);
  // The first row that reaches the viewport's bottom edge (rows and offsets are whole pixels).
  const endIndex = Math.max(layout.rowAtOffset(offset + height - 1, gap), startIndex);
  return { startIndex, endIndex };
}

/** The rows to render for `range`: `overscan` more each way, and `keepRow` wherever it is. */
export function rowsToRender(range: RowRange | null, rowCount: number, overscan: number, keepRow: number | null): number[] {
  const rows: number[] = [];
  if (range) {
    const first = Math.max(range.startIndex - overscan, 0);
    const last = Math.min(range.endIndex + overscan, rowCount - 1);
    for (let row = first; row <= last; row += 1) rows.push(row);
  }
  if (keepRow !== null && keepRow >= 0 && keepRow < rowCount && !rows.includes(keepRow)) {
    rows.push(keepRow);
    rows.sort((a, b) => a - b);
  }
  return rows;
}

const sameRange = (a: RowRange | null, b: RowRange | null) =>
  a === b || (a !== null && b !== null && a.startIndex === b.startIndex && a.endIndex === b.endIndex);
const sameRows = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((row, at) => row === b[at]);

/** What a committed render showed, and what it showed it from: a scroll event asks for a render only when that changes. */
interface Shown {
  layout: GalleryLayout;
  viewportHeight: number;
  gap: number;
  range: RowRange | null;
  isScrolling: boolean;
}

/** The scroller's position and motion, kept outside React: scroll events change it without a render. */
class ScrollerState {
  offset = 0;
  isScrolling = false;
  rows: readonly number[] = [];
  private shown: Shown | null = null;
  /** Asks the grid for a render. */
  private onChange: () => void = () => undefined;
  private node: HTMLElement | null = null;
  private settle = 0;

  /** After each commit: what it shows, and how to ask for the next render. */
  committed(rows: readonly number[], shown: Shown, onChange: () => void): void {
    this.rows = rows;
    this.shown = shown;
    this.onChange = onChange;
  }

  readonly attach = (node: HTMLElement | null): void => {
    this.node?.removeEventListener('scroll', this.onScroll);
    this.node = node;
    if (!node) return;
    this.offset = node.scrollTop;
    node.addEventListener('scroll', this.onScroll, { passive: true });
  };

  readonly offsetNow = (): number => this.offset;

  readonly scrollTo = (top: number): void => {
    this.node?.scrollTo({ top });
  };

  stop(): void {
    window.clearTimeout(this.settle);
  }

  private readonly onScroll = (): void => {
    if (!this.node) return;
    this.offset = this.node.scrollTop;
    const started = !this.isScrolling;
    this.isScrolling = true;
    window.clearTimeout(this.settle);
    this.settle = window.setTimeout(() => {
      this.isScrolling = false;
      this.onChange();
    }, SCROLL_SETTLE_MS);
    const shown = this.shown;
    if (started || !shown || !sameRange(shown.range, rowRangeAt(shown.layout, this.offset, shown.viewportHeight, shown.gap))) this.onChange();
  };
}

/**
 * The window of gallery rows to render, read straight from the layout, which knows every row's top
 * (library-grid-rows.ts) and finds the row at an offset by binary search. A general virtualizer
 * (TanStack Virtual, which the grid used before) keeps its own list of every row's offset and
 * rebuilds it whenever the rows change: at 1,000,000 items, about 170,000 rows walked each time a
 * page arrived, 33–52 ms of CPU in each of the scroll bench's long tasks in this machine's
 * Chromium. Here a page arriving costs nothing beyond the layout itself.
 *
 * Scrolling re-renders React only when the rows on screen change or the view starts or stops
 * moving; row positions (`transform`), row heights and the sizer's height are written to the DOM
 * through the CSSOM after each render, and only where they changed.
 */
export function useGridWindow({
  layout,
  viewportHeight,
  gap,
  overscan,
  keepRow,
}: {
  layout: GalleryLayout;
  viewportHeight: number;
  gap: number;
  overscan: number;
  /** A row rendered wherever the view is (the grid's focused row: its one tab stop). */
  keepRow: number | null;
}): GridWindow {
  const [scroller] = useState(() => new ScrollerState());
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const [sizer, setSizer] = useState<HTMLElement | null>(null);

  const range = rowRangeAt(layout, scroller.offset, viewportHeight, gap);
  const { isScrolling } = scroller;
  const nextRows = rowsToRender(range, layout.rowCount, overscan, keepRow);
  // The same array while the same rows are shown: the grid defers rendering them (useDeferredValue).
  const rows = sameRows(scroller.rows, nextRows) ? scroller.rows : nextRows;
  const totalSize = layout.rowCount === 0 ? 0 : layout.height + gap;

  useLayoutEffect(() => {
    scroller.committed(rows, { layout, viewportHeight, gap, range, isScrolling }, rerender);
  });
  useEffect(() => () => scroller.stop(), [scroller]);

  // Positions and heights after every render: rows mount in a transition, and a new layout moves
  // rows that stay mounted. Written only where they changed, so a render that changes nothing
  // restyles nothing.
  useLayoutEffect(() => {
    if (!sizer) return;
    writeStyle(sizer, 'height', `${totalSize}px`);
    for (const element of sizer.children) {
      if (!(element instanceof HTMLElement)) continue;
      const row = layout.row(Number(element.dataset.index));
      if (!row) continue;
      writeStyle(element, 'transform', `translate3d(0px, ${row.top}px, 0px)`);
      writeStyle(element, 'height', `${row.height}px`);
    }
  });

  const scrollToRow = useCallback(
    (index: number) => {
      const row = layout.row(index);
      if (!row) return;
      const offset = scroller.offset;
      const bottom = row.top + row.height + gap;
      if (row.top < offset) scroller.scrollTo(row.top);
      else if (bottom > offset + viewportHeight) scroller.scrollTo(bottom - viewportHeight);
    },
    [scroller, layout, gap, viewportHeight],
  );

  return {
    rows,
    range,
    isScrolling,
    totalSize,
    offsetNow: scroller.offsetNow,
    scrollToOffset: scroller.scrollTo,
    scrollToRow,
    attachScroller: scroller.attach,
    attachSizer: setSizer,
  };
}

/** Sets an inline style property unless it already has that value (a write, even of the same value, can restyle the element). */
function writeStyle(element: HTMLElement, property: string, value: string): void {
  if (element.style.getPropertyValue(property) !== value) element.style.setProperty(property, value);
}
