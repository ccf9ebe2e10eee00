import { afterEach, beforeEach } from 'vitest';

/*
 * The library grid's geometry under jsdom (the queries the library tests share are in library-grid.ts).
 * Under layoutLibraryGrid() (800 × 600) at the default tile size (180 px) the grid has 4 columns,
 * cells of 191 px, rows every 203 px, 3 rows on screen plus 2 rows of overscan each way.
 */
export const GRID_ROW_PX = 203;
export const GRID_COLUMNS = 4;

/**
 * jsdom has no layout: this gives the library grid's scroller (`.library-scroller`) a size and a
 * working `scrollTo`, so the virtualizer renders the rows a window of that size would show.
 * `scrollLibraryTo` then moves it like a user dragging the scrollbar. Returns the undo.
 */
export function layoutLibraryGrid(size: { width: number; height: number } = { width: 800, height: 600 }): () => void {
  const isScroller = (element: HTMLElement) => element.classList.contains('library-scroller');
  for (const [name, value] of [
    ['clientWidth', size.width],
    ['clientHeight', size.height],
  ] as const) {
    Object.defineProperty(HTMLElement.prototype, name, {
      configurable: true,
      get(this: HTMLElement) {
        return isScroller(this) ? value : 0;
      },
    });
  }
  // As tall as the content the virtualizer sized (it writes the sizer's height through the CSSOM).
  Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      const sizer = this.firstElementChild;
      return isScroller(this) && sizer instanceof HTMLElement ? Number.parseFloat(sizer.style.height) || 0 : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'scrollTo', {
    configurable: true,
    writable: true,
    value(this: HTMLElement, options?: ScrollToOptions | number, y?: number) {
      this.scrollTop = typeof options === 'number' ? (y ?? 0) : (options?.top ?? this.scrollTop);
      this.dispatchEvent(new Event('scroll'));
    },
  });
  return () => {
    const prototype = HTMLElement.prototype as unknown as Record<string, unknown>;
    delete prototype.clientWidth;
    delete prototype.clientHeight;
    delete prototype.scrollHeight;
    delete prototype.scrollTo;
  };
}

/** Lays the grid out for every test of the calling file, and takes the layout away after each. */
export function useLibraryGridLayout(): void {
  let undoLayout: () => void = () => {};
  beforeEach(() => {
    undoLayout = layoutLibraryGrid();
  });
  afterEach(() => undoLayout());
}

/** Scrolls the library grid to `top` px, as a scrollbar drag or wheel would. */
export function scrollLibraryTo(top: number): void {
  const scroller = document.querySelector<HTMLElement>('.library-scroller');
  if (!scroller) throw new Error('The library grid is not on screen');
  scroller.scrollTop = top;
  scroller.dispatchEvent(new Event('scroll'));
}
