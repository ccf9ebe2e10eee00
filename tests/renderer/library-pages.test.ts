import { describe, expect, it } from 'vitest';
import type { LibraryItem } from '../../electron/shared/domain';
import { DEFAULT_LIBRARY_QUERY } from '../../electron/shared/domain/library-filters';
import { itemAt, LIBRARY_PAGE_SIZE, pagesWithoutHead, type LibraryState, type Page } from '../../renderer/src/stores/library-pages';
import { makeLibrary } from './support/fake-data';

// The reload's view of the loaded items: the head folded into pages cut from the top.

function stateOf(head: readonly LibraryItem[], pages: Record<number, readonly LibraryItem[]>, total: number): LibraryState {
  const loaded: Record<number, Page> = {};
  for (const [key, items] of Object.entries(pages)) loaded[Number(key)] = { items, epoch: 4 };
  return {
    query: DEFAULT_LIBRARY_QUERY,
    queryVersion: 1,
    epoch: 5,
    total,
    counting: false,
    head,
    pages: loaded,
    cursors: {},
    status: 'ready',
    error: null,
    visible: { start: 0, end: 40 },
    requested: null,
    focused: null,
  };
}

const ids = (state: Pick<LibraryState, 'head' | 'pages' | 'total'>, end: number) => Array.from({ length: end }, (_, position) => itemAt(state, position)?.id);

describe('pagesWithoutHead', () => {
  it('puts every loaded item at the position it held, in pages of the page size from the top', () => {
    const items = makeLibrary(253);
    const state = stateOf(items.slice(0, 3), { 0: items.slice(3, 203), 1: items.slice(203) }, 253);
    const pages = pagesWithoutHead(state);
    expect(Object.keys(pages)).toEqual(['0', '1']);
    expect(pages[0]!.items).toHaveLength(LIBRARY_PAGE_SIZE);
    expect(pages[1]!.items).toHaveLength(53);
    expect(ids({ head: [], pages, total: 253 }, 253)).toEqual(ids(state, 253));
    expect(ids({ head: [], pages, total: 253 }, 253)).toEqual(items.map((item) => item.id));
  });

  it('makes no page where a position it covers is not loaded, and keeps the old epoch', () => {
    const items = makeLibrary(700);
    // Old page 1 (positions 203–402) is not loaded: new pages 1 and 2 each miss some of it; new
    // page 3 (600–699) runs past old page 2 (403–602) into old page 3, not loaded either.
    const state = stateOf(items.slice(0, 3), { 0: items.slice(3, 203), 2: items.slice(403, 603) }, 700);
    const pages = pagesWithoutHead(state);
    expect(Object.keys(pages)).toEqual(['0']);
    expect(pages[0]!.items.map((item) => item.id)).toEqual(items.slice(0, 200).map((item) => item.id));
    expect(pages[0]!.epoch).toBe(4);
  });

  it('leaves the pages as they are when there is no head', () => {
    const items = makeLibrary(10);
    const state = stateOf([], { 0: items }, 10);
    expect(pagesWithoutHead(state)).toEqual(state.pages);
  });
});
