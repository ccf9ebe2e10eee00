import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../electron/main/services/library/cursor';
import type { ChannelInput } from '../../electron/shared/contract';
import type { LibraryPage } from '../../electron/shared/domain';
import { appError, fail, ok, type Result } from '../../electron/shared/errors';
import { DEFAULT_LIBRARY_QUERY, LIBRARY_PAGE_SIZE, libraryIndexOf } from '../../renderer/src/stores/library-store';
import { useViewerStore } from '../../renderer/src/stores/viewer-store';
import { deferred } from './support/deferred';
import { makeItem, makeLibrary } from './support/fake-data';
import { installFakeReverie, type FakeReverie } from './support/fake-reverie';
import {
  alts,
  cells,
  GRID_COLUMNS as COLUMNS,
  GRID_ROW_PX as ROW,
  grid,
  library,
  scrollLibraryTo,
  tiles,
  useLibraryGridLayout,
} from './support/library-grid';
import { renderApp } from './support/render-app';

useLibraryGridLayout();

type ListInput = ChannelInput<'library:list'>;
const lastList = (fake: FakeReverie) => fake.callsTo('library:list').at(-1)!;

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
    expect(grid()).toHaveAttribute('aria-rowcount', String(100_000 / COLUMNS));
    expect(cells().length).toBeLessThanOrEqual(7 * COLUMNS);
    expect(document.querySelectorAll('.tile').length).toBeLessThanOrEqual(7 * COLUMNS);

    act(() => scrollLibraryTo(12_000 * ROW));
    await waitFor(() => expect(alts()).toContain('Image 48000'));
    expect(cells().length).toBeLessThanOrEqual(8 * COLUMNS);
    // Only the pages on screen were asked for: the first, then the one the jump landed on (and its neighbour).
    expect(fake.callsTo('library:list').length).toBeLessThanOrEqual(4);
  });

  it('asks for the next page with the cursor while scrolling, and by offset after a jump', async () => {
    const { fake } = await renderApp({ library: makeLibrary(1000) });
    await waitFor(() => expect(alts()).toContain('Image 0'));
    expect(fake.callsTo('library:list')).toHaveLength(1);

    // Rows 46–49 hold items 184–199: the overscan reaches into the second page.
    act(() => scrollLibraryTo(46 * ROW));
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
    act(() => scrollLibraryTo(210 * ROW));
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
    await user.keyboard('{ArrowDown}');
    expect(cell('Image 5')).toHaveFocus();
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

describe('library search, filters and sort', () => {
  it('searches as the user types, debounced, and drops a late reply for older text', async () => {
    const items = [
      makeItem({ prompt: 'A lighthouse in fog', createdAt: 3000 }),
      makeItem({ prompt: 'A fox in snow', createdAt: 2000 }),
      makeItem({ prompt: 'Fog over the bay', createdAt: 1000 }),
    ];
    const { fake, user } = await renderApp({ library: items });
    await waitFor(() => expect(tiles()).toHaveLength(3));

    // The reply for "fo" is held back until after the reply for "fog".
    const held = deferred<Result<LibraryPage>>();
    const answer = (input: ListInput) => {
      const query = { ...DEFAULT_LIBRARY_QUERY, ...input.query };
      const page = ok({ items: fake.matching(query), nextCursor: null, total: fake.matching(query).length });
      return query.text === 'fo' ? held.promise : page;
    };
    fake.reply('library:list', answer);

    const search = within(library()).getByRole('searchbox', { name: 'Search library' });
    await user.type(search, 'fo');
    await waitFor(() => expect(lastList(fake).query?.text).toBe('fo'));
    await user.type(search, 'g');
    await waitFor(() => expect(lastList(fake).query?.text).toBe('fog'));
    await waitFor(() => expect(alts()).toEqual(['A lighthouse in fog', 'Fog over the bay']));

    // The late reply arrives; act lets the page take it in before anything is checked.
    await act(async () => held.resolve(ok({ items: [items[1]!], nextCursor: null, total: 1 })));
    expect(alts()).toEqual(['A lighthouse in fog', 'Fog over the bay']);
    expect(library()).toHaveTextContent('2 images');

    // Typing fast sends one query, not one per keystroke.
    const before = fake.callsTo('library:list').length;
    await user.clear(search);
    await user.type(search, 'snow');
    await waitFor(() => expect(alts()).toEqual(['A fox in snow']));
    const texts = fake.callsTo('library:list').slice(before).map((input) => input.query?.text);
    expect(texts).toEqual(['snow']);
  });

  it('sends each filter and the sort in the query', async () => {
    const collection = { id: '00000000-0000-4000-8000-00000000c001', name: 'Seascapes', createdAt: 1 };
    const { fake, user } = await renderApp({
      library: [
        makeItem({ prompt: 'Starred wide', aspectRatio: '16:9', favorite: true, tags: ['sunset'], collectionIds: [collection.id], createdAt: 3000 }),
        makeItem({ prompt: 'Plain wide', aspectRatio: '16:9', createdAt: 2000 }),
        makeItem({ prompt: 'Starred square', aspectRatio: '1:1', favorite: true, createdAt: 1000 }),
      ],
      collections: [collection],
    });
    await waitFor(() => expect(tiles()).toHaveLength(3));
    await user.click(within(library()).getByRole('button', { name: 'Filters' }));
    const filters = within(library()).getByRole('group', { name: 'Filters' });

    await user.click(within(filters).getByRole('checkbox', { name: 'Favorites only' }));
    await waitFor(() => expect(alts()).toEqual(['Starred wide', 'Starred square']));
    expect(lastList(fake).query).toMatchObject({ favoritesOnly: true });

    await user.click(within(filters).getByRole('checkbox', { name: '16:9' }));
    await waitFor(() => expect(alts()).toEqual(['Starred wide']));
    expect(lastList(fake).query).toMatchObject({ favoritesOnly: true, aspectRatios: ['16:9'] });
    expect(library()).toHaveTextContent('1 image');

    await user.click(within(filters).getByRole('checkbox', { name: '16:9' }));
    await user.selectOptions(within(library()).getByRole('combobox', { name: 'Sort' }), 'Oldest first');
    await waitFor(() => expect(alts()).toEqual(['Starred square', 'Starred wide']));
    expect(lastList(fake).query).toMatchObject({ sort: 'oldest', aspectRatios: [] });

    await user.click(within(filters).getByRole('checkbox', { name: 'Refused' }));
    await waitFor(() => expect(lastList(fake).query).toMatchObject({ statuses: ['refused'] }));
    await user.click(within(filters).getByRole('checkbox', { name: 'Refused' }));

    await user.selectOptions(within(filters).getByRole('combobox', { name: 'Collection' }), 'Seascapes');
    await waitFor(() => expect(lastList(fake).query).toMatchObject({ collectionId: collection.id }));
    await user.selectOptions(within(filters).getByRole('combobox', { name: 'Collection' }), 'All collections');

    await user.type(within(filters).getByRole('combobox', { name: 'Filter by tag' }), 'sun');
    await waitFor(() => expect(fake.callsTo('tags:list').at(-1)).toEqual({ prefix: 'sun', limit: 20 }));
    await user.type(within(filters).getByRole('combobox', { name: 'Filter by tag' }), 'set{Enter}');
    await waitFor(() => expect(lastList(fake).query).toMatchObject({ tags: ['sunset'] }));
    await waitFor(() => expect(alts()).toEqual(['Starred wide']));
    await user.click(within(filters).getByRole('button', { name: 'Remove tag filter sunset' }));
    await waitFor(() => expect(lastList(fake).query).toMatchObject({ tags: [] }));

    const from = within(filters).getByLabelText('From');
    await user.type(from, '2024-03-01');
    await waitFor(() => expect(lastList(fake).query?.from).toBe(new Date(2024, 2, 1).getTime()));
    const to = within(filters).getByLabelText('To');
    await user.type(to, '2024-03-31');
    // "To" includes its whole day: the query's bound is the next midnight, exclusive.
    await waitFor(() => expect(lastList(fake).query?.to).toBe(new Date(2024, 3, 1).getTime()));

    await user.type(within(filters).getByRole('combobox', { name: 'Model' }), 'reve/create-image');
    await waitFor(() => expect(lastList(fake).query?.model).toBe('reve/create-image'));

    await user.click(within(filters).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(lastList(fake).query).toEqual({ ...DEFAULT_LIBRARY_QUERY, sort: 'oldest' }));
  });

  it('says when nothing matches', async () => {
    const { user } = await renderApp({ library: [makeItem({ prompt: 'A lighthouse' })] });
    await waitFor(() => expect(tiles()).toHaveLength(1));
    await user.type(within(library()).getByRole('searchbox', { name: 'Search library' }), 'zebra');
    expect(await within(library()).findByText('No images match')).toBeInTheDocument();
  });
});

describe('library events', () => {
  it('adds an item from library:item-added once, at the top of the plain view', async () => {
    const existing = makeItem({ prompt: 'Existing', createdAt: 1000 });
    const { fake } = await renderApp({ library: [existing] });
    await waitFor(() => expect(tiles()).toHaveLength(1));
    const calls = fake.callsTo('library:list').length;

    const added = makeItem({ prompt: 'From another window', createdAt: 5000 });
    fake.library.push(added);
    act(() => fake.emit('library:item-added', added));
    act(() => fake.emit('library:item-added', added));
    act(() => fake.emit('library:item-added', existing));

    expect(alts()).toEqual(['From another window', 'Existing']);
    expect(within(library()).queryByText('No images yet')).not.toBeInTheDocument();
    expect(library()).toHaveTextContent('2 images');
    expect(fake.callsTo('library:list')).toHaveLength(calls);
  });

  it('reloads a filtered view when an item is added', async () => {
    const { fake, user } = await renderApp({ library: [makeItem({ prompt: 'A fox', createdAt: 1000 })] });
    await user.type(within(library()).getByRole('searchbox', { name: 'Search library' }), 'fox');
    await waitFor(() => expect(lastList(fake).query?.text).toBe('fox'));
    const calls = fake.callsTo('library:list').length;

    const added = makeItem({ prompt: 'Another fox', createdAt: 5000 });
    fake.library.push(added);
    act(() => fake.emit('library:item-added', added));
    await waitFor(() => expect(alts()).toEqual(['Another fox', 'A fox']));
    expect(fake.callsTo('library:list').length).toBe(calls + 1);
  });

  it('shows the image of a finished job once, from main’s event', async () => {
    const { fake, user } = await renderApp({ library: [makeItem({ prompt: 'Before', createdAt: 1000 })] });
    await user.type(screen.getByRole('textbox', { name: 'Prompt' }), 'A new one');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(fake.jobs.size).toBe(1));

    const [job] = [...fake.jobs.values()];
    act(() => {
      const item = fake.finishJob(job!.id);
      fake.emit('library:item-added', item);
    });

    await waitFor(() => expect(tiles()).toHaveLength(2));
    expect(alts()).toEqual(['A new one', 'Before']);
    expect(fake.listenerCount('library:item-added')).toBe(1);
  });

  it('patches one tile on library:item-updated without reloading', async () => {
    const item = makeItem({ prompt: 'A heron', createdAt: 1000 });
    const { fake } = await renderApp({ library: [item, makeItem({ prompt: 'A crane', createdAt: 500 })] });
    await waitFor(() => expect(tiles()).toHaveLength(2));
    const calls = fake.callsTo('library:list').length;
    const cell = () => within(library()).getByRole('gridcell', { name: 'A heron' });
    expect(within(cell()).getByRole('button', { name: 'Star' })).toHaveAccessibleDescription('A heron');

    act(() => fake.emit('library:item-updated', { ...item, favorite: true, tags: ['bird'] }));
    expect(within(cell()).getByRole('button', { name: 'Unstar' })).toBeInTheDocument();
    expect(within(cell()).getByRole('list', { name: 'Tags' })).toHaveTextContent('bird');
    expect(fake.callsTo('library:list')).toHaveLength(calls);
  });

  it('reloads what is shown on library:changed, keeping the scroll position', async () => {
    const items = makeLibrary(600);
    const { fake } = await renderApp({ library: items });
    await waitFor(() => expect(alts()).toContain('Image 0'));
    act(() => scrollLibraryTo(60 * ROW));
    await waitFor(() => expect(alts()).toContain('Image 240'));
    const scroller = grid();
    const top = scroller.scrollTop;
    const calls = fake.callsTo('library:list').length;

    fake.library = fake.library.map((item) => (item.prompt === 'Image 240' ? { ...item, prompt: 'Renamed by main' } : item));
    act(() => fake.emit('library:changed', { reason: 'import' }));
    await waitFor(() => expect(alts()).toContain('Renamed by main'));
    expect(scroller.scrollTop).toBe(top);
    const reloads = fake.callsTo('library:list').slice(calls);
    // Only the pages on screen, from the top by offset, then on with the cursor.
    expect(reloads.length).toBeGreaterThan(0);
    expect(reloads.every((input) => input.offset !== undefined || input.cursor !== undefined)).toBe(true);
  });

  it('an empty library shows what main adds in bulk (an import) on library:changed', async () => {
    const { fake } = await renderApp({ library: [] });
    await waitFor(() => expect(library()).toHaveTextContent('0 images'));

    fake.library = [makeItem({ prompt: 'Imported kite' })];
    act(() => fake.emit('library:changed', { reason: 'import' }));
    await waitFor(() => expect(alts()).toContain('Imported kite'));
    expect(library()).toHaveTextContent('1 image');
  });

  it('shows a load failure as an alert and can try again', async () => {
    const fake = installFakeReverie({ library: [makeItem({ prompt: 'Recovered' })] });
    fake.reply('library:list', fail(appError('storage', 'The library database could not be opened.', { detail: 'SQLITE_BUSY' })));
    const { user } = await renderApp(fake);

    const alert = await within(library()).findByRole('alert');
    expect(alert).toHaveTextContent('The library database could not be opened.');

    fake.restore('library:list');
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(tiles()).toHaveLength(1));
    expect(within(library()).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('stops following events when the app unmounts', async () => {
    const { fake, unmount } = await renderApp();
    expect(fake.listenerCount('library:item-added')).toBe(1);
    expect(fake.listenerCount('library:changed')).toBeGreaterThan(0);
    unmount();
    expect(fake.listenerCount('library:item-added')).toBe(0);
    expect(fake.listenerCount('library:item-updated')).toBe(0);
  });

  it('knows where loaded items are for the viewer', async () => {
    const items = makeLibrary(3);
    await renderApp({ library: items });
    await waitFor(() => expect(tiles()).toHaveLength(3));
    expect(libraryIndexOf(items[2]!.id)).toBe(2);
    expect(libraryIndexOf('00000000-0000-4000-8000-ffffffffffff')).toBe(-1);
  });
});
