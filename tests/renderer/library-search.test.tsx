import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../electron/shared/contract';
import type { LibraryPage } from '../../electron/shared/domain';
import { ok, type Result } from '../../electron/shared/errors';
import { SEARCH_DEBOUNCE_MS } from '../../renderer/src/features/library/library-toolbar';
import { DEFAULT_LIBRARY_QUERY } from '../../renderer/src/stores/library-store';
import { deferred } from './support/deferred';
import { letTimePass, typeOnHeldClock } from './support/held-clock';
import { makeItem } from './support/fake-data';
import { alts, lastList, library, tiles } from './support/library-grid';
import { useLibraryGridLayout } from './support/library-grid-layout';
import { renderApp } from './support/render-app';

// Search, filters and sort: what the grid asks main for, and a late reply dropped.
useLibraryGridLayout();

type ListInput = ChannelInput<'library:list'>;

describe('library search, filters and sort', () => {
  it("shows a search's first page at once and its number once main has counted the matches", async () => {
    const items = Array.from({ length: 7 }, (_, i) => makeItem({ prompt: i < 5 ? `harbor ${i}` : `forest ${i}`, createdAt: 1000 + i }));
    const { fake, user } = await renderApp({ library: items });
    await waitFor(() => expect(tiles()).toHaveLength(7));
    expect(library()).toHaveTextContent('7 images');

    // Main answers the page without its total (LibraryPage.total) and counts when asked.
    const counted = deferred<Result<number>>();
    fake.reply('library:count', () => counted.promise);
    await user.type(within(library()).getByRole('searchbox', { name: 'Search library' }), 'harbor');
    await waitFor(() => expect(tiles()).toHaveLength(5));
    await waitFor(() => expect(fake.callsTo('library:count').at(-1)?.query?.text).toBe('harbor'));
    // No guess is shown as the number while it is counted.
    expect(library()).not.toHaveTextContent(/\d+ images?/);

    await act(async () => counted.resolve(ok(5)));
    expect(library()).toHaveTextContent('5 images');
    expect(tiles()).toHaveLength(5);
  });

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

    // Typing fast sends one query, not one per keystroke (see support/held-clock.ts).
    const before = fake.callsTo('library:list').length;
    typeOnHeldClock(search, 'snow');
    expect(fake.callsTo('library:list').length).toBe(before);
    await letTimePass(SEARCH_DEBOUNCE_MS);
    await waitFor(() => expect(alts()).toEqual(['A fox in snow']));
    const texts = fake
      .callsTo('library:list')
      .slice(before)
      .map((input) => input.query?.text);
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
    // The filters live in the toolbar's popover (portalled to the body); choosing the sort closes it.
    const filtersButton = within(library()).getByRole('button', { name: 'Filters' });
    const openFilters = async () => {
      if (screen.queryByRole('group', { name: 'Filters' }) === null) await user.click(filtersButton);
      return screen.getByRole('group', { name: 'Filters' });
    };
    let filters = await openFilters();
    expect(filtersButton).toHaveAttribute('aria-expanded', 'true');

    await user.click(within(filters).getByRole('checkbox', { name: 'Favorites only' }));
    await waitFor(() => expect(alts()).toEqual(['Starred wide', 'Starred square']));
    expect(lastList(fake).query).toMatchObject({ favoritesOnly: true });

    await user.click(within(filters).getByRole('checkbox', { name: '16:9' }));
    await waitFor(() => expect(alts()).toEqual(['Starred wide']));
    expect(lastList(fake).query).toMatchObject({ favoritesOnly: true, aspectRatios: ['16:9'] });
    expect(library()).toHaveTextContent('1 image');
    expect(filtersButton).toHaveAccessibleDescription('2 filters on');

    await user.click(within(filters).getByRole('checkbox', { name: '16:9' }));
    await user.selectOptions(within(library()).getByRole('combobox', { name: 'Sort' }), 'Oldest first');
    await waitFor(() => expect(alts()).toEqual(['Starred square', 'Starred wide']));
    expect(lastList(fake).query).toMatchObject({ sort: 'oldest', aspectRatios: [] });
    filters = await openFilters();

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
