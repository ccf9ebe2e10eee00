import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIBRARY_QUERY } from '../../renderer/src/stores/library-store';
import { makeLibrary } from './support/fake-data';
import { cells, lastList, library, renderLibrary } from './support/library-grid';
import { useLibraryGridLayout } from './support/library-grid-layout';

useLibraryGridLayout();

const places = () => screen.getByRole('navigation', { name: 'Library places' });
/** The tiles shown, by name (a tile without an image has no img, so not its alt). */
const shown = () => cells().map((cell) => cell.getAttribute('aria-label'));
const place = (name: string) => within(places()).getByRole('button', { name });
const SEASCAPES = { id: '00000000-0000-4000-8000-00000000c0a1', name: 'Seascapes', createdAt: 1 };

/**
 * Image 0 starred and tagged, 1 imported, 2 refused, 3 download failed, 4 file missing, 5 in
 * Seascapes and tagged, 6 and 7 in the trash (7 starred, trashed last, so listed first), 8 and 9 plain.
 */
function placesLibrary() {
  return makeLibrary(10, (index) => {
    switch (index) {
      case 0:
        return { favorite: true, tags: ['coast'] };
      case 1:
        return { origin: 'imported' as const, title: 'kite', requestId: null, credits: null };
      case 2:
        return { status: 'refused' as const, fileHash: null, byteSize: null, mimeType: null };
      case 3:
        return { status: 'download-failed' as const, fileHash: null, byteSize: null, mimeType: null };
      case 4:
        return { fileMissing: true };
      case 5:
        return { collectionIds: [SEASCAPES.id], tags: ['coast'] };
      case 6:
        return { trashedAt: 1 };
      case 7:
        return { trashedAt: 2, favorite: true };
      default:
        return {};
    }
  });
}

describe('library places', () => {
  it('shows each place with its count, applies its query, and marks the current one', async () => {
    const { fake, user } = await renderLibrary({ library: placesLibrary(), collections: [SEASCAPES] });

    // Counts from main's library:counts (the trash's own items are not counted elsewhere).
    await waitFor(() => expect(place('All')).toHaveAccessibleDescription('8 images'));
    expect(fake.callsTo('library:counts').length).toBeGreaterThan(0);
    expect(place('Favorites')).toHaveAccessibleDescription('1 image');
    expect(place('Imported')).toHaveAccessibleDescription('1 image');
    expect(place('Refused and failed')).toHaveAccessibleDescription('3 images');
    expect(place('Trash')).toHaveAccessibleDescription('2 images');
    expect(place('Seascapes')).toHaveAccessibleDescription('1 image');
    expect(place('coast')).toHaveAccessibleDescription('2 images');
    expect(place('All')).toHaveAttribute('aria-current', 'page');

    const expectations: Array<[string, Partial<typeof DEFAULT_LIBRARY_QUERY> | Record<string, unknown>, string[]]> = [
      ['Favorites', { favoritesOnly: true }, ['Image 0']],
      ['Imported', { origin: 'imported' }, ['Image 1']],
      ['Refused and failed', { statuses: ['refused', 'download-failed', 'missing'] }, ['Image 2', 'Image 3', 'Image 4']],
      ['Trash', { view: 'trash' }, ['Image 7', 'Image 6']],
      ['Seascapes', { collectionId: SEASCAPES.id }, ['Image 5']],
      ['coast', { tags: ['coast'] }, ['Image 0', 'Image 5']],
      ['All', {}, ['Image 0', 'Image 1', 'Image 2', 'Image 3', 'Image 4', 'Image 5', 'Image 8', 'Image 9']],
    ];
    for (const [name, fields, names] of expectations) {
      await user.click(place(name));
      // Each place is its query alone: what another place set is cleared.
      await waitFor(() => expect(lastList(fake).query).toEqual({ ...DEFAULT_LIBRARY_QUERY, ...fields }));
      await waitFor(() => expect(shown()).toEqual(names));
      expect(place(name)).toHaveAttribute('aria-current', 'page');
      const others = within(places())
        .getAllByRole('button')
        .filter((button) => button !== place(name) && button.getAttribute('aria-current') !== null);
      expect(others).toEqual([]);
    }
  });

  it('keeps the search text and the sort when the place changes', async () => {
    const { fake, user } = await renderLibrary({ library: placesLibrary(), collections: [SEASCAPES] });
    await user.selectOptions(within(library()).getByRole('combobox', { name: 'Sort' }), 'Oldest first');
    await user.type(within(library()).getByRole('searchbox', { name: 'Search library' }), 'Image');
    await waitFor(() => expect(lastList(fake).query).toMatchObject({ text: 'Image', sort: 'oldest' }));
    await user.click(place('Favorites'));
    await waitFor(() => expect(lastList(fake).query).toEqual({ ...DEFAULT_LIBRARY_QUERY, text: 'Image', sort: 'oldest', favoritesOnly: true }));
  });

  it('recounts when the library changes', async () => {
    const { user } = await renderLibrary({ library: placesLibrary(), collections: [SEASCAPES] });
    await waitFor(() => expect(place('Favorites')).toHaveAccessibleDescription('1 image'));
    await user.click(within(library()).getByRole('gridcell', { name: 'Image 8' }));
    await user.click(within(screen.getByRole('complementary', { name: 'Inspector' })).getByRole('button', { name: 'Favorite' }));
    await waitFor(() => expect(place('Favorites')).toHaveAccessibleDescription('2 images'));
  });

  it('folds the sidebar and the inspector away with their toggles, and back', async () => {
    const { user } = await renderLibrary({ library: makeLibrary(3) });
    const hidePlaces = within(library()).getByRole('button', { name: 'Hide library places' });
    expect(hidePlaces).toHaveAttribute('aria-expanded', 'true');
    expect(hidePlaces).toHaveAttribute('aria-controls', places().id);
    await user.click(hidePlaces);
    expect(screen.queryByRole('navigation', { name: 'Library places' })).not.toBeInTheDocument();
    const showPlaces = within(library()).getByRole('button', { name: 'Show library places' });
    expect(showPlaces).toHaveAttribute('aria-expanded', 'false');
    await user.click(showPlaces);
    expect(places()).toBeInTheDocument();

    await user.click(within(library()).getByRole('button', { name: 'Hide inspector' }));
    expect(screen.queryByRole('complementary', { name: 'Inspector' })).not.toBeInTheDocument();
    await user.click(within(library()).getByRole('button', { name: 'Show inspector' }));
    expect(screen.getByRole('complementary', { name: 'Inspector' })).toBeInTheDocument();
  });
});

describe('the Filters popover', () => {
  it('holds the filters, counts those on, clears them, and gives focus back on Escape', async () => {
    const { fake, user } = await renderLibrary({ library: placesLibrary(), collections: [SEASCAPES] });
    const button = within(library()).getByRole('button', { name: 'Filters' });
    expect(button).not.toHaveAccessibleDescription();
    await user.click(button);
    const filters = screen.getByRole('group', { name: 'Filters' });
    // Focus moves into the popover.
    expect(screen.getByRole('dialog', { name: 'Library filters' })).toContainElement(document.activeElement as HTMLElement);

    await user.click(within(filters).getByRole('checkbox', { name: '16:9' }));
    await user.selectOptions(within(filters).getByRole('combobox', { name: 'Source' }), 'Imported');
    await waitFor(() => expect(lastList(fake).query).toMatchObject({ aspectRatios: ['16:9'], origin: 'imported' }));
    expect(button).toHaveAccessibleDescription('2 filters on');
    // The Source filter is the Imported place.
    expect(place('Imported')).toHaveAttribute('aria-current', 'page');

    await user.click(within(filters).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(lastList(fake).query).toEqual(DEFAULT_LIBRARY_QUERY));
    expect(button).not.toHaveAccessibleDescription();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('group', { name: 'Filters' })).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });
});
