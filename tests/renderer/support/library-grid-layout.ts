import { afterEach, beforeEach } from 'vitest';
import { TILE_GAP } from '../../../renderer/src/features/library/library-grid';
import { ASPECT_VALUES, layoutGallery, rowOfTile, type GalleryLayout, type LayoutOptions } from '../../../renderer/src/features/library/library-grid-layout';
import { DEFAULT_TILE_SIZE } from '../../../renderer/src/features/library/library';
import { LIBRARY_PAGE_SIZE } from '../../../renderer/src/stores/library-store';

/*
 * The library grid's geometry under jsdom (the queries the library tests share are in library-grid.ts).
 * Under layoutLibraryGrid() (800 × 600) at the default row height (180 px) a library of 3:2 images
 * (makeItem's default) has rows of 3 tiles, 172 px high, every 180 px; each page of 200 ends with a
 * short row of 2. About 3 rows are on screen, plus 2 rows of overscan each way.
 */
export const GRID_COLUMNS = 3;
export const GRID_ROW_PX = 180;
export const GRID_LAYOUT_OPTIONS: LayoutOptions = { width: 800, targetHeight: DEFAULT_TILE_SIZE, gap: TILE_GAP };

/** The rows the grid lays `total` 3:2 images out in (no job tiles), from the same pure layout the grid uses. */
export function libraryRowsFor(total: number): GalleryLayout {
  const chunks = [];
  for (let start = 0; start < total; start += LIBRARY_PAGE_SIZE) {
    chunks.push({ aspects: new Array<number>(Math.min(LIBRARY_PAGE_SIZE, total - start)).fill(ASPECT_VALUES['3:2']) });
  }
  return layoutGallery(chunks, GRID_LAYOUT_OPTIONS);
}

/** Where the row holding item `index` starts, in px from the grid's top, in a library of `total` 3:2 images. */
export function itemTop(total: number, index: number): number {
  const layout = libraryRowsFor(total);
  const row = layout.row(rowOfTile(layout, index));
  if (!row) throw new Error(`No item ${index} in a library of ${total}`);
  return row.top;
}

/**
 * jsdom has no layout: this gives the library grid's scroller (`.library-scroller`) a size and a
 * working `scrollTo`, so the grid renders the rows a window of that size would show.
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
  // As tall as the content the grid sized (its window writes the sizer's height through the CSSOM).
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
