import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChannelReply } from '../../electron/shared/contract';
import { deferred } from './support/deferred';
import { makeItem, makeLibrary } from './support/fake-data';
import { cell, idOf, library, renderLibrary, selectTiles } from './support/library-grid';
import { useLibraryGridLayout } from './support/library-grid-layout';
import { onlyCallTo } from './support/render-app';

useLibraryGridLayout();

const inspector = () => screen.getByRole('complementary', { name: 'Inspector' });
const action = (name: string) => within(inspector()).getByRole('button', { name });
const SEASCAPES = { id: '00000000-0000-4000-8000-00000000c0b1', name: 'Seascapes', createdAt: 1 };
const PORTRAITS = { id: '00000000-0000-4000-8000-00000000c0b2', name: 'Portraits', createdAt: 2 };

describe('the inspector', () => {
  it('says what to do while nothing is selected, and shows the selected image’s details', async () => {
    const items = [
      makeItem({ prompt: 'مرحبا a lighthouse in fog', aspectRatio: '16:9', requestId: 'rsid-abc', credits: 126_000, byteSize: 2048 }),
      makeItem({ prompt: '', title: 'holiday-photo', origin: 'imported', createdAt: 1 }),
    ];
    const { user } = await renderLibrary({ library: items });
    expect(inspector()).toHaveTextContent('Select an image to see its details');

    await user.click(cell('مرحبا a lighthouse in fog'));
    const prompt = within(inspector()).getByText('مرحبا a lighthouse in fog');
    expect(prompt).toHaveAttribute('dir', 'auto');
    for (const text of ['1360 × 768', '16:9', 'reve/create-image', '$0.063', '126,000 credits', '2 KB', 'rsid-abc', 'Saved']) {
      expect(inspector()).toHaveTextContent(text);
    }

    // An import shows its title, and says it has no prompt.
    await user.click(cell('holiday-photo'));
    expect(within(inspector()).getByText('holiday-photo')).toHaveAttribute('dir', 'auto');
    expect(inspector()).toHaveTextContent('No prompt');
    expect(action('Copy prompt')).toHaveAttribute('aria-disabled', 'true');
    expect(action('Use prompt')).toHaveAttribute('aria-disabled', 'true');
  });

  it('follows the focused tile when nothing is selected', async () => {
    await renderLibrary({ library: makeLibrary(3) });
    act(() => cell('Image 2').focus());
    await waitFor(() => expect(inspector()).toHaveTextContent('Image 2'));
  });

  it('stars, copies, exports, reuses and trashes the one image it shows', async () => {
    const items = makeLibrary(3, (index) => (index === 1 ? { aspectRatio: '9:16' } : {}));
    const { fake, user } = await renderLibrary({ library: items });
    await user.click(cell('Image 1'));
    const target = { ids: [idOf(fake, 'Image 1')] };

    await user.click(action('Favorite'));
    expect(await onlyCallTo(fake, 'library:set-favorite')).toEqual({ selection: target, favorite: true });
    await waitFor(() => expect(action('Favorite')).toHaveAttribute('aria-pressed', 'true'));

    await user.click(action('Copy prompt'));
    expect(await onlyCallTo(fake, 'clipboard:copy')).toEqual({ id: target.ids[0], what: 'prompt' });
    expect(within(inspector()).getByRole('status')).toHaveTextContent('Copied prompt');

    await user.click(action('Use settings'));
    expect(screen.getByRole('textbox', { name: 'Prompt' })).toHaveValue('Image 1');
    expect(screen.getByRole('textbox', { name: 'Prompt' })).toHaveFocus();
    expect(screen.getByRole('radio', { name: /^9:16/ })).toBeChecked();

    await user.click(action('Export…'));
    expect(await screen.findByRole('dialog', { name: 'Export' })).toBeInTheDocument();
    await user.keyboard('{Escape}');

    await user.click(cell('Image 1'));
    await user.click(action('Move to trash'));
    expect(await onlyCallTo(fake, 'library:trash')).toEqual({ selection: target });
    await waitFor(() => expect(within(library()).queryByRole('gridcell', { name: 'Image 1' })).not.toBeInTheDocument());
    expect(fake.library.find((item) => item.prompt === 'Image 1')?.trashedAt).not.toBeNull();
  });

  it('adds and removes the image’s tags and collections', async () => {
    const items = makeLibrary(2, (index) => (index === 0 ? { tags: ['coast'], collectionIds: [SEASCAPES.id] } : {}));
    const { fake, user } = await renderLibrary({ library: items, collections: [SEASCAPES, PORTRAITS] });
    await user.click(cell('Image 0'));
    const target = { ids: [idOf(fake, 'Image 0')] };
    const tags = () => within(inspector()).getByRole('list', { name: 'Tags on this image' });
    const collections = () => within(inspector()).getByRole('list', { name: 'Collections this image is in' });
    expect(tags()).toHaveTextContent('coast');
    expect(collections()).toHaveTextContent('Seascapes');

    await user.type(within(inspector()).getByRole('combobox', { name: 'Add tag' }), 'dawn{Enter}');
    expect(await onlyCallTo(fake, 'library:add-tag')).toEqual({ selection: target, tag: 'dawn' });
    await waitFor(() => expect(tags()).toHaveTextContent('dawn'));

    await user.click(action('Remove tag coast'));
    expect(await onlyCallTo(fake, 'library:remove-tag')).toEqual({ selection: target, tag: 'coast' });
    await waitFor(() => expect(tags()).not.toHaveTextContent('coast'));

    // Only the collections it is not in are offered.
    const picker = within(inspector()).getByRole('combobox', { name: 'Add to collection' });
    expect(
      within(picker)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Portraits', 'New collection…']);
    await user.click(action('Add to the collection'));
    expect(await onlyCallTo(fake, 'collections:add')).toEqual({ collectionId: PORTRAITS.id, selection: target });
    await waitFor(() => expect(collections()).toHaveTextContent('Portraits'));

    await user.click(action('Remove from Seascapes'));
    expect(await onlyCallTo(fake, 'collections:remove')).toEqual({ collectionId: SEASCAPES.id, selection: target });
    expect(fake.library[0]!.collectionIds).toEqual([PORTRAITS.id]);
  });

  it('keeps what is typed in it while the library reloads under a new image', async () => {
    // A new image is shown ahead of the loaded pages; a star on it reloads the library, and until
    // main answers, the inspector must go on showing the image (not unmount and lose the text).
    const { fake, user } = await renderLibrary({ library: makeLibrary(2) });
    const added = makeItem({ prompt: 'Just generated', createdAt: Date.now() + 1000 });
    fake.library.push(added);
    act(() => fake.emit('library:item-added', added));
    await user.click(cell('Just generated'));
    const field = within(inspector()).getByRole('combobox', { name: 'Add tag' });
    await user.type(field, 'coast');

    // Main is slow to answer both the reload and any single-image fetch.
    const reply = deferred<ChannelReply<'library:list'>>();
    const single = deferred<ChannelReply<'library:get'>>();
    fake.reply('library:list', () => reply.promise);
    fake.reply('library:get', () => single.promise);
    const calls = fake.callsTo('library:list').length;
    act(() => fake.emit('library:changed', { reason: 'import' }));
    await waitFor(() => expect(fake.callsTo('library:list').length).toBe(calls + 1));
    expect(inspector()).not.toHaveTextContent('Loading the image');
    expect(within(inspector()).getByRole('combobox', { name: 'Add tag' })).toHaveValue('coast');
    expect(within(inspector()).getByRole('button', { name: 'Add' })).toHaveAttribute('aria-disabled', 'false');

    fake.restore('library:list').restore('library:get');
    const fresh = await fake.invoke('library:list', fake.callsTo('library:list').at(-1)!);
    await act(async () => reply.resolve(fresh));
    await act(async () => single.resolve(await fake.invoke('library:get', { id: added.id })));
    expect(within(inspector()).getByRole('combobox', { name: 'Add tag' })).toHaveValue('coast');
  });

  it('keeps showing the selected image, and what is typed in it, when it leaves the loaded pages', async () => {
    // Selected, then focus moves far away (End): the image's page is dropped, so the inspector asks
    // main for it. Until main answers, the copy on screen stays (no "Loading the image…", and no
    // remount losing the typed tag).
    const { fake, user } = await renderLibrary({ library: makeLibrary(1000) });
    await user.click(cell('Image 0'));
    await user.type(within(inspector()).getByRole('combobox', { name: 'Add tag' }), 'coast');

    const single = deferred<ChannelReply<'library:get'>>();
    fake.reply('library:get', () => single.promise);
    cell('Image 0').focus();
    await user.keyboard('{End}');
    await waitFor(() => expect(cell('Image 999')).toHaveFocus());
    await waitFor(() => expect(fake.callsTo('library:get').length).toBeGreaterThan(0));
    expect(inspector()).not.toHaveTextContent('Loading the image');
    expect(within(inspector()).getByText('Image 0')).toBeInTheDocument();
    expect(within(inspector()).getByRole('combobox', { name: 'Add tag' })).toHaveValue('coast');

    fake.restore('library:get');
    await act(async () => single.resolve(await fake.invoke('library:get', { id: idOf(fake, 'Image 0') })));
    expect(within(inspector()).getByText('Image 0')).toBeInTheDocument();
    expect(within(inspector()).getByRole('combobox', { name: 'Add tag' })).toHaveValue('coast');
  });

  it('says so when the selected image, away from the loaded pages, is no longer in the library', async () => {
    const { fake, user } = await renderLibrary({ library: makeLibrary(1000) });
    await user.click(cell('Image 0'));
    fake.reply('library:get', { ok: false, error: { code: 'not-found-locally', message: 'That image is no longer in the library.' } });
    cell('Image 0').focus();
    await user.keyboard('{End}');
    await waitFor(() => expect(inspector()).toHaveTextContent('That image is no longer in the library.'));
    expect(inspector()).not.toHaveTextContent('Loading the image');
    expect(within(inspector()).queryByRole('button', { name: 'Favorite' })).not.toBeInTheDocument();
  });

  it('offers the bulk actions for several selected images', async () => {
    const { fake, user } = await renderLibrary({ library: makeLibrary(4) });
    await selectTiles(user, 'Image 0', 'Image 2');
    expect(inspector()).toHaveTextContent('2 selected');
    await user.click(action('Star all'));
    expect(await onlyCallTo(fake, 'library:set-favorite')).toEqual({ selection: { ids: [idOf(fake, 'Image 0'), idOf(fake, 'Image 2')] }, favorite: true });
    await user.type(within(inspector()).getByRole('combobox', { name: 'Tag all selected' }), 'pair{Enter}');
    expect(await onlyCallTo(fake, 'library:add-tag')).toEqual({ selection: { ids: [idOf(fake, 'Image 0'), idOf(fake, 'Image 2')] }, tag: 'pair' });
    await user.click(action('Clear selection'));
    // Nothing selected and no tile has focus (it is on the inspector's button): the hint, not the last tile clicked.
    expect(inspector()).not.toHaveTextContent('2 selected');
    expect(inspector()).toHaveTextContent('Select an image to see its details');
    expect(within(inspector()).queryByText('Image 2')).not.toBeInTheDocument();
  });

  it('after the selection is cleared shows the tile that has focus, and the hint once focus leaves the grid', async () => {
    const { user } = await renderLibrary({ library: makeLibrary(3) });
    await user.click(cell('Image 1'));
    expect(within(inspector()).getByText('Image 1')).toBeInTheDocument();
    // Escape on the focused tile clears the selection; that tile still has focus, so it stays the subject.
    await user.keyboard('{Escape}');
    expect(within(library()).queryAllByRole('gridcell', { selected: true })).toHaveLength(0);
    expect(within(inspector()).getByText('Image 1')).toBeInTheDocument();
    // Focus moving on into the inspector keeps it (to act on it) …
    act(() => action('Favorite').focus());
    expect(within(inspector()).getByText('Image 1')).toBeInTheDocument();
    // … moving elsewhere in the studio does not.
    act(() => within(library()).getByRole('searchbox', { name: 'Search library' }).focus());
    await waitFor(() => expect(inspector()).toHaveTextContent('Select an image to see its details'));
  });
});
