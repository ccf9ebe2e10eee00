import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIBRARY_QUERY } from '../../renderer/src/stores/library-store';
import { showToast } from '../../renderer/src/stores/library-undo-store';
import { makeLibrary } from './support/fake-data';
import {
  alts,
  cell,
  cells,
  clickTilesWith,
  library,
  renderLibrary,
  toast,
  toastMessage,
  selectionActions as actions,
  selectTiles,
} from './support/library-grid';
import { itemTop, scrollLibraryTo, useLibraryGridLayout } from './support/library-grid-layout';
import { onlyCallTo } from './support/render-app';

useLibraryGridLayout();

const selected = () =>
  cells()
    .filter((element) => element.getAttribute('aria-selected') === 'true')
    .map((element) => element.getAttribute('aria-label'));
const action = (name: string) => within(actions()).getByRole('button', { name });
const places = () => screen.getByRole('navigation', { name: 'Library places' });

describe('library selection', () => {
  it('click selects one, Ctrl+click toggles, Shift+click selects a range, Escape clears', async () => {
    const items = makeLibrary(12);
    const { fake, user } = await renderLibrary({ library: items });

    await user.click(cell('Image 1'));
    expect(selected()).toEqual(['Image 1']);
    await user.click(cell('Image 3'));
    expect(selected()).toEqual(['Image 3']);

    await clickTilesWith(user, 'Control', 'Image 5', 'Image 3', 'Image 7');
    expect(selected()).toEqual(['Image 5', 'Image 7']);
    expect(actions()).toHaveTextContent('2 selected');

    // The range runs from the last plain or Ctrl click (Image 7).
    await clickTilesWith(user, 'Shift', 'Image 4');
    expect(selected()).toEqual(['Image 4', 'Image 5', 'Image 6', 'Image 7']);

    await user.click(action('Star'));
    expect(await onlyCallTo(fake, 'library:set-favorite')).toEqual({
      selection: { ids: [items[4]!.id, items[5]!.id, items[6]!.id, items[7]!.id] },
      favorite: true,
    });

    await user.keyboard('{Escape}');
    expect(selected()).toEqual([]);
    expect(within(library()).queryByRole('group', { name: 'Selection actions' })).not.toBeInTheDocument();
  });

  it('Shift+click across pages that are not loaded selects by query, and the action sends it', async () => {
    const items = makeLibrary(1000);
    const { fake, user } = await renderLibrary({ library: items });
    await user.click(cell('Image 2'));

    act(() => scrollLibraryTo(itemTop(1000, 900))); // item 900 and on; pages 1–3 are never loaded
    await waitFor(() => expect(alts()).toContain('Image 905'));
    await clickTilesWith(user, 'Shift', 'Image 905');
    expect(actions()).toHaveTextContent('904 selected');
    expect(cell('Image 905')).toHaveAttribute('aria-selected', 'true');
    expect(cell('Image 906')).toHaveAttribute('aria-selected', 'false');

    await user.click(action('Move to trash'));
    expect(await onlyCallTo(fake, 'library:trash')).toEqual({
      selection: {
        query: { ...DEFAULT_LIBRARY_QUERY, from: items[905]!.createdAt, to: items[2]!.createdAt + 1 },
        except: [],
      },
    });
    await waitFor(() => expect(library()).toHaveTextContent('96 images'));
    expect(fake.library.filter((item) => item.trashedAt !== null)).toHaveLength(904);
    expect(toast()).toHaveTextContent('Moved 904 images to the trash');
  });

  it('Ctrl+A and Select all select everything the query matches; Ctrl+click then excepts', async () => {
    const items = makeLibrary(500);
    const { fake, user } = await renderLibrary({ library: items });

    await user.click(cell('Image 0'));
    await user.keyboard('{Control>}a{/Control}');
    expect(actions()).toHaveTextContent('500 selected');
    await clickTilesWith(user, 'Control', 'Image 1');
    expect(actions()).toHaveTextContent('499 selected');
    expect(cell('Image 1')).toHaveAttribute('aria-selected', 'false');
    expect(cell('Image 2')).toHaveAttribute('aria-selected', 'true');

    await user.click(action('Unstar'));
    expect(await onlyCallTo(fake, 'library:set-favorite')).toEqual({
      selection: { query: DEFAULT_LIBRARY_QUERY, except: [items[1]!.id] },
      favorite: false,
    });

    await user.click(action('Clear selection'));
    await user.click(within(library()).getByRole('button', { name: 'Select all' }));
    expect(actions()).toHaveTextContent('500 selected');
  });

  it('a new search clears the selection', async () => {
    const { user } = await renderLibrary({ library: makeLibrary(3) });
    await user.click(cell('Image 0'));
    await user.type(within(library()).getByRole('searchbox', { name: 'Search library' }), 'Image 1');
    await waitFor(() => expect(alts()).toEqual(['Image 1']));
    expect(within(library()).queryByRole('group', { name: 'Selection actions' })).not.toBeInTheDocument();
  });
});

describe('library bulk actions and undo', () => {
  it('tags the selection, says so with Undo, and Undo calls library:undo', async () => {
    const items = makeLibrary(3, (index) => (index === 2 ? { tags: ['sunrise'] } : {}));
    const { fake, user } = await renderLibrary({ library: items });
    await selectTiles(user, 'Image 0', 'Image 1');

    await user.click(action('Add tag'));
    const form = within(library()).getByRole('form', { name: 'Add tag' });
    const input = within(form).getByRole('combobox', { name: 'Tag to add' });
    expect(input).toHaveFocus();
    await user.type(input, 'sun');
    await waitFor(() => expect(fake.callsTo('tags:list').at(-1)).toEqual({ prefix: 'sun', limit: 20 }));
    await waitFor(() => expect(form.querySelector('datalist option')).toHaveAttribute('value', 'sunrise'));
    await user.type(input, 'set');
    await user.click(within(form).getByRole('button', { name: 'Apply' }));

    expect(await onlyCallTo(fake, 'library:add-tag')).toEqual({ selection: { ids: [items[0]!.id, items[1]!.id] }, tag: 'sunset' });
    expect(toast()).toHaveTextContent('Tagged 2 images “sunset”');
    await waitFor(() => expect(within(cell('Image 0')).getByRole('list', { name: 'Tags' })).toHaveTextContent('sunset'));

    await user.click(within(toast()).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(fake.callsTo('library:undo')).toHaveLength(1));
    await waitFor(() => expect(within(cell('Image 0')).queryByRole('list', { name: 'Tags' })).not.toBeInTheDocument());
    expect(toast()).toHaveTextContent('Undone');
    expect(within(toast()).queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument();
    // Focus went back to the gallery, not onto the messages region, where it would hold "Undone" there for good.
    expect(document.activeElement).toHaveAttribute('role', 'gridcell');
  });

  it('removes a tag from the selection', async () => {
    const items = makeLibrary(2, () => ({ tags: ['draft'] }));
    const { fake, user } = await renderLibrary({ library: items });
    await user.click(cell('Image 1'));
    await user.click(action('Remove tag'));
    const form = within(library()).getByRole('form', { name: 'Remove tag' });
    await user.type(within(form).getByRole('combobox', { name: 'Tag to remove' }), 'draft{Enter}');
    await waitFor(() => expect(fake.callsTo('library:remove-tag')).toEqual([{ selection: { ids: [items[1]!.id] }, tag: 'draft' }]));
    expect(toast()).toHaveTextContent('Removed the tag “draft” from 1 image');
  });

  it('adds to an existing collection, or to a new one', async () => {
    const trips = { id: '00000000-0000-4000-8000-00000000c002', name: 'Trips', createdAt: 1 };
    const items = makeLibrary(2);
    const { fake, user } = await renderLibrary({ library: items, collections: [trips] });
    await user.click(cell('Image 0'));

    await user.click(action('Add to collection'));
    let form = within(library()).getByRole('form', { name: 'Add to collection' });
    await waitFor(() => expect(within(form).getByRole('combobox', { name: 'Collection to add to' })).toHaveValue(trips.id));
    await user.click(within(form).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(fake.callsTo('collections:add')).toEqual([{ collectionId: trips.id, selection: { ids: [items[0]!.id] } }]));
    expect(toast()).toHaveTextContent('Added 1 image to “Trips”');
    // Done: the form goes, and focus is back on the gallery's focused tile, not on a vanished button.
    await waitFor(() => expect(cell('Image 0')).toHaveFocus());
    expect(within(library()).queryByRole('form', { name: 'Add to collection' })).not.toBeInTheDocument();

    await user.click(action('Add to collection'));
    form = within(library()).getByRole('form', { name: 'Add to collection' });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Collection to add to' }), 'New collection…');
    await user.type(within(form).getByRole('textbox', { name: 'New collection name' }), 'Moods');
    await user.click(within(form).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(fake.callsTo('collections:create')).toEqual([{ name: 'Moods' }]));
    const moods = fake.collections.find((collection) => collection.name === 'Moods')!;
    await waitFor(() => expect(fake.callsTo('collections:add').at(-1)).toEqual({ collectionId: moods.id, selection: { ids: [items[0]!.id] } }));
    await waitFor(() => expect(cell('Image 0')).toHaveFocus());
  });

  it('moves to the trash, and Ctrl+Z outside a text field brings it back', async () => {
    const items = makeLibrary(3);
    const { fake, user } = await renderLibrary({ library: items });
    await user.click(cell('Image 1'));
    await user.click(action('Move to trash'));

    await waitFor(() => expect(fake.callsTo('library:trash')).toEqual([{ selection: { ids: [items[1]!.id] } }]));
    await waitFor(() => expect(alts()).toEqual(['Image 0', 'Image 2']));
    expect(toast()).toHaveTextContent('Moved 1 image to the trash');
    expect(within(library()).queryByRole('group', { name: 'Selection actions' })).not.toBeInTheDocument();
    // The bar went with the selection: focus is on the gallery's tile where the image was, not lost to the page.
    await waitFor(() => expect(cell('Image 2')).toHaveFocus());

    // In a text field, Ctrl+Z is the field's own undo.
    await user.click(screen.getByRole('textbox', { name: 'Prompt' }));
    await user.keyboard('{Control>}z{/Control}');
    expect(fake.callsTo('library:undo')).toHaveLength(0);

    await user.click(cell('Image 0'));
    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(fake.callsTo('library:undo')).toHaveLength(1));
    await waitFor(() => expect(alts()).toEqual(['Image 0', 'Image 1', 'Image 2']));
  });

  it('hides the toast after about 8 seconds, but not while the pointer is on it', async () => {
    await renderLibrary({ library: makeLibrary(2) });
    vi.useFakeTimers();
    act(() => showToast('Starred 1 image', true));
    act(() => void vi.advanceTimersByTime(7000));
    expect(toast()).toHaveTextContent('Starred 1 image');
    act(() => void vi.advanceTimersByTime(1500));
    expect(toastMessage()).not.toBeInTheDocument();
    expect(toast()).not.toHaveTextContent('Starred 1 image');

    act(() => showToast('Tagged 2 images', true));
    // Radix holds the time while the pointer moves over the messages, and gives back what was left when it leaves.
    act(() => void vi.advanceTimersByTime(1000));
    fireEvent.pointerMove(toast());
    act(() => void vi.advanceTimersByTime(20_000));
    expect(toast()).toHaveTextContent('Tagged 2 images');
    fireEvent.pointerLeave(toast());
    act(() => void vi.advanceTimersByTime(6500));
    expect(toast()).toHaveTextContent('Tagged 2 images');
    act(() => void vi.advanceTimersByTime(1000));
    expect(toastMessage()).not.toBeInTheDocument();
  });

  it('closes a toast with its Dismiss button', async () => {
    const { user } = await renderLibrary({ library: makeLibrary(2) });
    act(() => showToast('Starred 1 image', true));
    const message = await within(toast()).findByRole('listitem');
    expect(message).toHaveTextContent('Starred 1 image');
    await user.click(within(message).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(toastMessage()).not.toBeInTheDocument());
  });

  it('stars one image from its tile without touching the selection', async () => {
    const items = makeLibrary(2);
    const { fake, user } = await renderLibrary({ library: items });
    await user.click(cell('Image 1'));
    await user.click(within(cell('Image 0')).getByRole('button', { name: 'Star' }));
    await waitFor(() => expect(fake.callsTo('library:set-favorite')).toEqual([{ selection: { ids: [items[0]!.id] }, favorite: true }]));
    expect(within(cell('Image 0')).getByRole('button', { name: 'Unstar' })).toBeInTheDocument();
    expect(selected()).toEqual(['Image 1']);
  });
});

describe('library trash', () => {
  it('shows the trash, restores from it, and empties it only after confirmation', async () => {
    const items = makeLibrary(4, (index) => (index < 2 ? { trashedAt: 5 - index } : {}));
    const { fake, user } = await renderLibrary({ library: items });
    expect(alts()).toEqual(['Image 2', 'Image 3']);

    const trash = within(places()).getByRole('button', { name: 'Trash' });
    await user.click(trash);
    expect(trash).toHaveAttribute('aria-current', 'page');
    await waitFor(() => expect(alts()).toEqual(['Image 0', 'Image 1']));
    expect(fake.callsTo('library:list').at(-1)?.query).toMatchObject({ view: 'trash' });
    expect(library()).toHaveTextContent('2 images in the trash');

    await user.click(cell('Image 0'));
    expect(within(actions()).queryByRole('button', { name: 'Move to trash' })).not.toBeInTheDocument();
    await user.click(action('Restore'));
    await waitFor(() => expect(fake.callsTo('library:restore')).toEqual([{ selection: { ids: [items[0]!.id] } }]));
    await waitFor(() => expect(alts()).toEqual(['Image 1']));

    await user.click(within(library()).getByRole('button', { name: 'Empty trash' }));
    let dialog = within(library()).getByRole('alertdialog', { name: 'Empty the trash?' });
    expect(dialog).toHaveAccessibleDescription('This deletes 1 image and its file for good. It cannot be undone.');
    expect(within(dialog).getByRole('button', { name: 'Keep' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Keep' }));
    expect(within(library()).queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(within(library()).getByRole('button', { name: 'Empty trash' })).toHaveFocus();
    await user.click(within(library()).getByRole('button', { name: 'Empty trash' }));
    await user.keyboard('{Escape}');
    expect(within(library()).queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(fake.callsTo('library:empty-trash')).toHaveLength(0);

    await user.click(within(library()).getByRole('button', { name: 'Empty trash' }));
    dialog = within(library()).getByRole('alertdialog', { name: 'Empty the trash?' });
    await user.click(within(dialog).getByRole('button', { name: 'Empty trash for good' }));
    await waitFor(() => expect(fake.callsTo('library:empty-trash')).toEqual([{ confirm: true }]));
    expect(await within(library()).findByText('The trash is empty')).toBeInTheDocument();
    expect(toast()).toHaveTextContent('Deleted 1 image for good');
    expect(fake.library).toHaveLength(3);

    await user.click(within(places()).getByRole('button', { name: 'All' }));
    expect(trash).not.toHaveAttribute('aria-current');
    await waitFor(() => expect(alts()).toEqual(['Image 0', 'Image 2', 'Image 3']));
  });
});

describe('library collections', () => {
  it('lists collections with counts; creates, renames, shows and deletes one (its images stay)', async () => {
    const seascapes = { id: '00000000-0000-4000-8000-00000000c003', name: 'Seascapes', createdAt: 1 };
    const items = makeLibrary(3, (index) => (index === 0 ? { collectionIds: [seascapes.id] } : {}));
    const { fake, user } = await renderLibrary({ library: items, collections: [seascapes] });

    const panel = within(places()).getByRole('region', { name: 'Collections' });
    await waitFor(() => expect(within(panel).getByRole('button', { name: 'Seascapes' })).toHaveAccessibleDescription('1 image'));

    await user.click(within(panel).getByRole('button', { name: 'Create a collection' }));
    await user.type(within(panel).getByRole('textbox', { name: 'New collection' }), 'Portraits');
    await user.click(within(panel).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(fake.callsTo('collections:create')).toEqual([{ name: 'Portraits' }]));
    await waitFor(() => expect(within(panel).getByRole('button', { name: 'Portraits' })).toBeInTheDocument());

    await user.click(within(panel).getByRole('button', { name: 'Rename Portraits' }));
    const name = within(panel).getByRole('textbox', { name: 'Collection name' });
    await user.clear(name);
    await user.type(name, 'Faces{Enter}');
    await waitFor(() => expect(fake.callsTo('collections:rename').at(-1)).toMatchObject({ name: 'Faces' }));
    await waitFor(() => expect(within(panel).getByRole('button', { name: 'Faces' })).toBeInTheDocument());

    await user.click(within(panel).getByRole('button', { name: 'Seascapes' }));
    expect(within(panel).getByRole('button', { name: 'Seascapes' })).toHaveAttribute('aria-current', 'page');
    await waitFor(() => expect(alts()).toEqual(['Image 0']));
    expect(fake.callsTo('library:list').at(-1)?.query).toMatchObject({ collectionId: seascapes.id });

    await user.click(within(panel).getByRole('button', { name: 'Delete Seascapes' }));
    const confirm = within(panel).getByRole('group', { name: 'Delete Seascapes' });
    expect(confirm).toHaveTextContent('stay in the library');
    await user.click(within(confirm).getByRole('button', { name: 'Delete collection' }));
    await waitFor(() => expect(fake.callsTo('collections:delete')).toEqual([{ id: seascapes.id }]));
    // The filter on the deleted collection goes; every image is still there.
    await waitFor(() => expect(alts()).toEqual(['Image 0', 'Image 1', 'Image 2']));
    expect(within(panel).queryByRole('button', { name: 'Seascapes' })).not.toBeInTheDocument();
    expect(toast()).toHaveTextContent('Deleted the collection “Seascapes”');
  });
});

describe('library tags', () => {
  it('lists the tags in use and renames one everywhere, with undo offered', async () => {
    const items = makeLibrary(3).map((item, index) => ({ ...item, tags: index < 2 ? ['seaside'] : ['forest'] }));
    const { user, fake } = await renderLibrary({ library: items });
    const panel = within(places()).getByRole('region', { name: 'Tags' });
    await waitFor(() => expect(within(panel).getByRole('button', { name: 'seaside' })).toBeInTheDocument());
    expect(panel).toHaveTextContent('2 images');

    await user.click(within(panel).getByRole('button', { name: 'Rename tag seaside' }));
    const field = within(panel).getByRole('textbox', { name: 'Tag name' });
    await user.clear(field);
    await user.type(field, 'coast');
    await user.click(within(panel).getByRole('button', { name: 'Save' }));

    expect(fake.callsTo('tags:rename')).toEqual([{ from: 'seaside', to: 'coast' }]);
    await waitFor(() => expect(within(panel).getByRole('button', { name: 'coast' })).toBeInTheDocument());
    expect(within(panel).queryByRole('button', { name: 'seaside' })).not.toBeInTheDocument();
    expect(toast()).toHaveTextContent(/Renamed/);
  });

  it('shows the images carrying a tag when the tag is chosen', async () => {
    const items = makeLibrary(3).map((item, index) => ({ ...item, tags: index === 0 ? ['seaside'] : [] }));
    const { user, fake } = await renderLibrary({ library: items });
    const panel = within(places()).getByRole('region', { name: 'Tags' });
    await user.click(await within(panel).findByRole('button', { name: 'seaside' }));
    await waitFor(() => expect(fake.callsTo('library:list').at(-1)?.query?.tags).toEqual(['seaside']));
    await waitFor(() => expect(alts()).toEqual([items[0]!.prompt]));
  });
});
