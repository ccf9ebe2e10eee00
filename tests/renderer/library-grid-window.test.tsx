import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ASPECT_VALUES,
  layoutGallery,
  type GalleryLayout,
  type LayoutChunk,
  type LayoutOptions,
} from '../../renderer/src/features/library/library-grid-layout';
import { rowRangeAt, rowsToRender, SCROLL_SETTLE_MS, useGridWindow, type GridWindow } from '../../renderer/src/features/library/library-grid-window';
import { seededRandom } from '../support/seeded-random';

// The grid's window reads the rows on screen from the layout by binary search (library-grid-window.ts).
// Its range must be what a linear scan of the rows gives (TanStack Virtual's calculateRange, which
// the grid used before: the first row whose bottom, gap included, is below the top of the view, and
// the first from there whose bottom reaches the view's bottom edge), and scrolling must re-render
// only when that range changes or the view starts or stops moving.

const RATIOS = Object.values(ASPECT_VALUES);

function randomLayout(seed: number): { layout: GalleryLayout; gap: number } {
  const { next: random, int, pick } = seededRandom(seed);
  const options: LayoutOptions = { width: pick([320, 800, 1333]), targetHeight: pick([120, 180, 260]), gap: pick([0, 8, 12]) };
  const chunks: LayoutChunk[] = Array.from({ length: int(10) }, () => {
    const length = 1 + int(60);
    return random() < 0.3 ? { count: length } : { aspects: Array.from({ length }, () => pick(RATIOS)) };
  });
  return { layout: layoutGallery(chunks, options), gap: options.gap };
}

/** The plain reference: TanStack Virtual's calculateRange, a linear scan over every row's start and end (gap included). */
function linearRange(layout: GalleryLayout, offset: number, height: number, gap: number) {
  const rows = layout.allRows();
  if (rows.length === 0) return null;
  const end = (at: number) => rows[at]!.top + rows[at]!.height + gap;
  let startIndex = 0;
  // The nearest row whose start is at most `offset` (the last row when every row starts above it).
  while (startIndex + 1 < rows.length && rows[startIndex + 1]!.top <= offset) startIndex += 1;
  let endIndex = startIndex;
  while (endIndex < rows.length - 1 && end(endIndex) < offset + height) endIndex += 1;
  return { startIndex, endIndex };
}

describe('the rows on screen', () => {
  it('are the rows a linear scan finds, for any rows, scroll position and view height', () => {
    for (let run = 0; run < 150; run += 1) {
      const { layout, gap } = randomLayout(9100 + run);
      const { next: random, pick } = seededRandom(5100 + run);
      for (let probe = 0; probe < 40; probe += 1) {
        // Whole pixels, as scrollTop and the rows are; from above the top to past the end.
        const offset = Math.max(Math.round(random() * (layout.height + 400)) - 20, 0);
        const height = pick([1, 180, 600, 900]);
        expect(rowRangeAt(layout, offset, height, gap)).toEqual(linearRange(layout, offset, height, gap));
      }
    }
  });

  it('are none in a gallery with no rows', () => {
    expect(rowRangeAt(layoutGallery([], { width: 800, targetHeight: 180, gap: 8 }), 0, 600, 8)).toBeNull();
  });

  it('are rendered with the overscan each way, clamped to the rows there are, and the kept row wherever it is', () => {
    expect(rowsToRender({ startIndex: 5, endIndex: 7 }, 100, 2, null)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(rowsToRender({ startIndex: 0, endIndex: 1 }, 3, 2, null)).toEqual([0, 1, 2]);
    expect(rowsToRender({ startIndex: 50, endIndex: 52 }, 100, 1, 0)).toEqual([0, 49, 50, 51, 52, 53]);
    expect(rowsToRender({ startIndex: 50, endIndex: 52 }, 100, 1, 51)).toEqual([49, 50, 51, 52, 53]);
    // A kept row past the end (the rows changed under the focus) is not rendered.
    expect(rowsToRender({ startIndex: 0, endIndex: 1 }, 2, 1, 7)).toEqual([0, 1]);
    expect(rowsToRender(null, 0, 2, 0)).toEqual([]);
  });
});

/** 100 rows of three 3:2 tiles 174 px high, one every 182 px (the gap below each included); the view 600 px high. */
const GAP = 8;
const LAYOUT = layoutGallery([{ aspects: new Array<number>(300).fill(ASPECT_VALUES['3:2']) }], { width: 800, targetHeight: 180, gap: GAP });
const PITCH = 182;
const VIEW_HEIGHT = 600;

/** A grid-shaped harness: a scroller with the window's rows in a sizer; counts its renders and keeps the last window. */
function renderWindow(keepRow: number | null = null) {
  const seen: { renders: number; window: GridWindow | null } = { renders: 0, window: null };
  function Harness() {
    const view = useGridWindow({ layout: LAYOUT, viewportHeight: VIEW_HEIGHT, gap: GAP, overscan: 2, keepRow });
    seen.renders += 1;
    seen.window = view;
    return (
      <div ref={view.attachScroller} data-testid="scroller">
        <div ref={view.attachSizer} data-testid="sizer">
          {view.rows.map((row) => (
            <div key={row} data-index={row} />
          ))}
        </div>
      </div>
    );
  }
  const view = render(<Harness />);
  const scroller = view.getByTestId('scroller');
  const sizer = view.getByTestId('sizer');
  const scrollTo = (top: number) =>
    act(() => {
      scroller.scrollTop = top;
      scroller.dispatchEvent(new Event('scroll'));
    });
  const renderedRows = () => [...sizer.children].map((row) => Number((row as HTMLElement).dataset.index));
  return { seen, scroller, sizer, scrollTo, renderedRows };
}

describe('the grid window', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // jsdom has no scrolling: scrollTo sets scrollTop and sends the scroll event, as a browser does.
    Object.defineProperty(HTMLElement.prototype, 'scrollTo', {
      configurable: true,
      writable: true,
      value(this: HTMLElement, options: ScrollToOptions) {
        this.scrollTop = options.top ?? this.scrollTop;
        this.dispatchEvent(new Event('scroll'));
      },
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    delete (HTMLElement.prototype as unknown as Record<string, unknown>).scrollTo;
  });

  it('renders the rows on screen with overscan, positioned and sized from the layout, in a sizer as tall as the rows', () => {
    const { sizer, renderedRows } = renderWindow();
    expect(LAYOUT.rowCount).toBe(100);
    expect(LAYOUT.row(1)!.top).toBe(PITCH);
    // 600 px from the top: rows 0–3 are on screen (row 3 starts at 546), 2 rows of overscan below.
    expect(renderedRows()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sizer.style.height).toBe(`${LAYOUT.height + GAP}px`);
    for (const row of sizer.children as HTMLCollectionOf<HTMLElement>) {
      const laid = LAYOUT.row(Number(row.dataset.index))!;
      expect(row.style.transform).toBe(`translate3d(0px, ${laid.top}px, 0px)`);
      expect(row.style.height).toBe(`${laid.height}px`);
    }
  });

  it('re-renders on scroll only when other rows come on screen, or the view starts or stops moving', () => {
    const { seen, scrollTo, renderedRows } = renderWindow();
    const before = seen.renders;
    scrollTo(10);
    // Started moving: one render, the same rows.
    expect(seen.renders).toBe(before + 1);
    expect(seen.window?.isScrolling).toBe(true);
    scrollTo(20);
    scrollTo(30);
    expect(seen.renders).toBe(before + 1);
    // Row 0's bottom and gap (182 px) pass the top of the view: other rows.
    scrollTo(PITCH + 1);
    expect(seen.renders).toBe(before + 2);
    expect(seen.window?.range).toEqual({ startIndex: 1, endIndex: 4 });
    expect(renderedRows()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    act(() => {
      vi.advanceTimersByTime(SCROLL_SETTLE_MS - 1);
    });
    expect(seen.window?.isScrolling).toBe(true);
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(seen.renders).toBe(before + 3);
    expect(seen.window?.isScrolling).toBe(false);
  });

  it('keeps the kept row rendered when the view is far from it', () => {
    const { scrollTo, renderedRows } = renderWindow(0);
    scrollTo(PITCH * 50);
    expect(renderedRows()).toEqual([0, 48, 49, 50, 51, 52, 53, 54, 55]);
  });

  it('scrolls the least that shows a row, and not at all when it is shown', () => {
    const { seen, scroller, scrollTo } = renderWindow();
    scrollTo(PITCH * 10);
    act(() => seen.window!.scrollToRow(12));
    expect(scroller.scrollTop).toBe(PITCH * 10);
    // Below the view: its bottom and gap at the view's bottom edge.
    act(() => seen.window!.scrollToRow(20));
    expect(scroller.scrollTop).toBe(PITCH * 21 - VIEW_HEIGHT);
    // One pixel of it (its gap's) below the view: one pixel down.
    scrollTo(PITCH * 14 - VIEW_HEIGHT - 1);
    act(() => seen.window!.scrollToRow(13));
    expect(scroller.scrollTop).toBe(PITCH * 14 - VIEW_HEIGHT);
    // Above it: its top at the view's top.
    act(() => seen.window!.scrollToRow(3));
    expect(scroller.scrollTop).toBe(PITCH * 3);
    expect(seen.window!.offsetNow()).toBe(PITCH * 3);
  });

  it('writes a row position only when it changed', () => {
    const { sizer, scrollTo } = renderWindow();
    const row = sizer.children[2] as HTMLElement;
    const setProperty = vi.spyOn(row.style, 'setProperty');
    scrollTo(PITCH + 1);
    expect(setProperty).not.toHaveBeenCalled();
  });
});
