import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, expect } from 'vitest';
import type { FakeReverie } from './fake-reverie';
import { renderApp } from './render-app';

/*
 * The library grid in tests: its geometry under jsdom, and the queries the library tests share.
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

export const library = () => screen.getByRole('region', { name: 'Library' });
export const grid = () => within(library()).getByRole('grid');
export const cells = () => within(library()).queryAllByRole('gridcell');
export const cell = (name: string) => within(library()).getByRole('gridcell', { name });
export const tiles = () => within(library()).queryAllByRole('img');
/** The thumbnails' alt texts (their prompts), in grid order. */
export const alts = () => tiles().map((img) => img.getAttribute('alt'));
export const selectionActions = () => within(library()).getByRole('group', { name: 'Selection actions' });

/** Clicks these tiles in turn with a modifier key held (Ctrl+click toggles one, Shift+click selects a range). */
export async function clickTilesWith(user: UserEvent, key: 'Control' | 'Shift', ...names: string[]): Promise<void> {
  await user.keyboard(`{${key}>}`);
  for (const name of names) await user.click(cell(name));
  await user.keyboard(`{/${key}}`);
}

/** Clicks the first tile, then Ctrl+clicks the others: exactly these are selected. */
export async function selectTiles(user: UserEvent, first: string, ...others: string[]): Promise<void> {
  await user.click(cell(first));
  if (others.length > 0) await clickTilesWith(user, 'Control', ...others);
}

/** The last page request the grid sent to main. */
export const lastList = (fake: FakeReverie) => fake.callsTo('library:list').at(-1)!;

/** The id of the fake's item with this prompt. */
export const idOf = (fake: FakeReverie, prompt: string): string => {
  const item = fake.library.find((candidate) => candidate.prompt === prompt);
  if (!item) throw new Error(`No item "${prompt}" in the fake library`);
  return item.id;
};
/** The ids of the fake's items with these prompts, in that order. */
export const idsOf = (fake: FakeReverie, ...prompts: string[]): string[] => prompts.map((prompt) => idOf(fake, prompt));

/** Renders the app and waits until the grid shows its first cells. */
export async function renderLibrary(options: Parameters<typeof renderApp>[0]) {
  const view = await renderApp(options);
  await waitFor(() => expect(cells().length).toBeGreaterThan(0));
  return view;
}
