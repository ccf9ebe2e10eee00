import { act, screen, waitFor, within } from '@testing-library/react';
import { rgbaToThumbHash } from 'thumbhash';
import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../electron/main/services/library/cursor';
import { placeholderUrl } from '../../renderer/src/features/library/placeholder';
import { DEFAULT_LIBRARY_QUERY, LIBRARY_PAGE_SIZE } from '../../renderer/src/stores/library-store';
import { useViewerStore } from '../../renderer/src/stores/viewer-store';
import { makeItem, makeLibrary } from './support/fake-data';
import { installFakeReverie } from './support/fake-reverie';
import { alts, cells, grid, lastList, library, tiles } from './support/library-grid';
import { GRID_COLUMNS as COLUMNS, GRID_ROW_PX as ROW, itemTop, libraryRowsFor, scrollLibraryTo, useLibraryGridLayout } from './support/library-grid-layout';
import { renderApp } from './support/render-app';

// The grid: thumbnails, placeholders, counts, paging by cursor and by offset, keyboard focus.
useLibraryGridLayout();

describe('library grid', () => {
  it('asks for the first page of the query and shows thumbnails newest first, with alt = prompt', async () => {
    const older = makeItem({ prompt: 'Older: a dune at noon', aspectRatio: '16:9', createdAt: 1000, credits: 126_000 });
    const newer = makeItem({ prompt: 'Newer: a fern in rain', aspectRatio: '2:3', createdAt: 2000, credits: null });
    const { fake } = await renderApp({ library: [older, newer] });

    expect(fake.callsTo('library:list')[0]).toEqual({ query: DEFAULT_LIBRARY_QUERY, limit: LIBRARY_PAGE_SIZE });
    await waitFor(() => expect(tiles()).toHaveLength(2));
    const [first, second] = tiles();
    expect(first).toHaveAccessibleName('Newer: a fern in rain');
    expect(second).toHaveAccessibleName('Older: a dune at noon');
    expect(first).toHaveAttribute('src', `reverie-media://library/thumb/${newer.id}`);
    expect(first).toHaveAttribute('width', '832');
    expect(first).toHaveAttribute('height', '1248');
    expect(first).toHaveAttribute('loading', 'lazy');
    expect(first).toHaveAttribute('decoding', 'async');

    const figures = within(library()).getAllByRole('figure');
    expect(figures[0]).toHaveTextContent('2:3');
    expect(figures[0]).not.toHaveTextContent('$');
    expect(figures[1]).toHaveTextContent('16:9');
    expect(figures[1]).toHaveTextContent('$0.063');
    expect(library()).toHaveTextContent('2 images');
    expect(grid()).toHaveAttribute('aria-multiselectable', 'true');
    expect(grid()).toHaveAccessibleName('Library');
  });

  it('draws the item’s ThumbHash under the thumbnail while it loads, a neutral colour without one', async () => {
    const rgba = new Uint8Array(16 * 16 * 4).map((_, index) => (index % 4 === 3 ? 255 : 120));
    const hash = Buffer.from(rgbaToThumbHash(16, 16, rgba)).toString('base64');
    await renderApp({ library: [makeItem({ prompt: 'with hash', placeholder: hash, createdAt: 2 }), makeItem({ prompt: 'without', createdAt: 1 })] });
    await waitFor(() => expect(tiles()).toHaveLength(2));
    const frameOf = (prompt: string) => within(library()).getByRole('img', { name: prompt }).closest<HTMLElement>('.tile-frame')!;
    expect(frameOf('with hash').style.getPropertyValue('background-image')).toBe(`url("${placeholderUrl(hash)}")`);
    expect(placeholderUrl(hash)).toMatch(/^data:image\/png;base64,/);
    expect(frameOf('without').style.getPropertyValue('background-image')).toBe('');
  });

  it('gives each row its height as its own height, not a custom property its tiles inherit', async () => {
    // A custom property that differs per row (or per tile) is inherited by everything under it and
    // keeps Chromium from sharing computed styles between rows: the scroll's style work grows.
    await renderApp({ library: makeLibrary(30) });
    await waitFor(() => expect(tiles().length).toBeGreaterThan(0));
    const rows = [...grid().querySelectorAll<HTMLElement>('[role="row"]')];
    expect(rows.length).toBeGreaterThan(0);
    // The heights of the pure layout the grid uses (support/library-grid-layout.ts).
    const layout = libraryRowsFor(30);
    for (const row of rows) {
      expect(row.style.height).toBe(`${layout.row(Number(row.dataset.index))!.height}px`);
      expect([...row.style].filter((name) => name.startsWith('--'))).toEqual([]);
    }
  });

  it('shows the match count with thousands separators', async () => {
    await renderApp({ library: makeLibrary(1234) });
    await waitFor(() => expect(library()).toHaveTextContent('1,234 images'));
  });

  it('uses the media base the bridge reports', async () => {
    const item = makeItem();
    const fake = installFakeReverie({ library: [item] });
    Object.defineProperty(fake, 'mediaBase', { value: 'reverie-media://elsewhere' });
    await renderApp(fake);
    await waitFor(() => expect(tiles()[0]).toHaveAttribute('src', `reverie-media://elsewhere/thumb/${item.id}`));
  });

  it('shows a friendly empty state', async () => {
    await renderApp();
    expect(await within(library()).findByText('No images yet')).toBeInTheDocument();
  });

  it('shows placeholders for refused, failed and missing images, and they stay selectable', async () => {
    const { user } = await renderApp({
      library: [
        makeItem({ prompt: 'Refused one', status: 'refused', fileHash: null, width: null, height: null, createdAt: 4000 }),
        makeItem({ prompt: 'Failed one', status: 'download-failed', fileHash: null, createdAt: 3000 }),
        makeItem({ prompt: 'Missing one', fileMissing: true, createdAt: 2000 }),
        makeItem({ prompt: 'Fine one', createdAt: 1000 }),
      ],
    });
    await waitFor(() => expect(cells()).toHaveLength(4));
    expect(alts()).toEqual(['Fine one']);

    const refused = within(library()).getByRole('gridcell', { name: 'Refused one' });
    expect(refused).toHaveTextContent('Refused by policy');
    expect(refused).toHaveAccessibleDescription(/Refused by policy/);
    const failed = within(library()).getByRole('gridcell', { name: 'Failed one' });
    expect(failed).toHaveTextContent('Download failed');
    expect(failed).toHaveTextContent('Download again in the queue');
    expect(within(library()).getByRole('gridcell', { name: 'Missing one' })).toHaveTextContent('File missing');

    await user.click(within(failed).getByText('Download failed'));
    expect(failed).toHaveAttribute('aria-selected', 'true');
    expect(within(library()).getByRole('group', { name: 'Selection actions' })).toHaveTextContent('1 selected');
  });

  it('renders a few dozen cells for 100,000 items, and still a few dozen after a jump', async () => {
    const { fake } = await renderApp({ library: makeLibrary(100_000) });
    await waitFor(() => expect(library()).toHaveTextContent('100,000 images'));
    await waitFor(() => expect(tiles().length).toBeGreaterThan(0));
    // 500 pages of 200: 66 full rows of 3 and a short row of 2 each.
    expect(grid()).toHaveAttribute('aria-rowcount', String(500 * 67));
    // A screenful (600 px: 4 rows started) plus 2 rows of overscan each way, however many match.
    const screenful = (Math.ceil(600 / ROW) + 1 + 2 * 2) * COLUMNS;
    expect(cells().length).toBeLessThanOrEqual(screenful);
    expect(document.querySelectorAll('.tile').length).toBeLessThanOrEqual(screenful);

    act(() => scrollLibraryTo(itemTop(100_000, 48_000)));
    await waitFor(() => expect(alts()).toContain('Image 48000'));
    expect(cells().length).toBeLessThanOrEqual(screenful);
    // Only the pages on screen were asked for: the first, then the one the jump landed on (and its neighbour).
    expect(fake.callsTo('library:list').length).toBeLessThanOrEqual(4);
  });

  it('asks for the next page with the cursor while scrolling, and by offset after a jump', async () => {
    const { fake } = await renderApp({ library: makeLibrary(1000) });
    await waitFor(() => expect(alts()).toContain('Image 0'));
    expect(fake.callsTo('library:list')).toHaveLength(1);

    // Rows 63–66 hold items 189–199 (the last a short row of 2): the overscan reaches into the second page.
    act(() => scrollLibraryTo(itemTop(1000, 190)));
    await waitFor(() => expect(fake.callsTo('library:list')).toHaveLength(2));
    const lastOfFirstPage = fake.matching(DEFAULT_LIBRARY_QUERY)[LIBRARY_PAGE_SIZE - 1]!;
    // The cursor main's first page ended with, handed back unchanged.
    expect(lastList(fake)).toEqual({
      query: DEFAULT_LIBRARY_QUERY,
      limit: LIBRARY_PAGE_SIZE,
      cursor: encodeCursor({ order: 'created-desc', key: lastOfFirstPage.createdAt, id: lastOfFirstPage.id }),
    });
    await waitFor(() => expect(alts()).toContain('Image 200'));

    // Far away, nothing loaded around: ask by offset once the scrollbar rests.
    act(() => scrollLibraryTo(itemTop(1000, 840)));
    await waitFor(() => expect(alts()).toContain('Image 840'));
    const jump = fake.callsTo('library:list').find((input) => input.offset !== undefined);
    expect(jump).toEqual({ query: DEFAULT_LIBRARY_QUERY, limit: LIBRARY_PAGE_SIZE, offset: 800 });
    // The page before 800 is not needed; nothing was asked twice.
    const keys = fake.callsTo('library:list').map((input) => `${input.cursor ?? ''}/${input.offset ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('jumps to the end with the End key by offset and focuses the last image', async () => {
    const { fake, user } = await renderApp({ library: makeLibrary(1000) });
    await waitFor(() => expect(alts()).toContain('Image 0'));
    await user.click(within(library()).getByRole('gridcell', { name: 'Image 0' }));
    await user.keyboard('{End}');
    await waitFor(() => expect(within(library()).getByRole('gridcell', { name: 'Image 999' })).toHaveFocus());
    expect(fake.callsTo('library:list').some((input) => input.offset === 800)).toBe(true);
  });

  it('moves focus with the arrow keys, toggles with Space and opens the viewer with Enter', async () => {
    const items = makeLibrary(12);
    const { user } = await renderApp({ library: items });
    await waitFor(() => expect(cells()).toHaveLength(12));
    const cell = (name: string) => within(library()).getByRole('gridcell', { name });

    // One tab stop: Tab lands on the first image.
    await user.click(screen.getByRole('searchbox', { name: 'Search library' }));
    await user.tab();
    await user.tab();
    expect(cells().filter((element) => element.tabIndex === 0)).toHaveLength(1);
    cell('Image 0').focus();

    await user.keyboard('{ArrowRight}');
    expect(cell('Image 1')).toHaveFocus();
    // Rows of 3: down from the middle of the first row is the middle of the second.
    await user.keyboard('{ArrowDown}');
    expect(cell('Image 4')).toHaveFocus();
    await user.keyboard('{ArrowLeft}{ArrowUp}');
    expect(cell('Image 0')).toHaveFocus();

    await user.keyboard(' ');
    expect(cell('Image 0')).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowRight} ');
    expect(cell('Image 1')).toHaveAttribute('aria-selected', 'true');
    await user.keyboard(' ');
    expect(cell('Image 1')).toHaveAttribute('aria-selected', 'false');

    await user.keyboard('{Enter}');
    expect(useViewerStore.getState().id).toBe(items[1]!.id);
  });
});
