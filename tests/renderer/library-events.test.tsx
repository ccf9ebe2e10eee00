import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChannelReply } from '../../electron/shared/contract';
import { appError, fail } from '../../electron/shared/errors';
import { libraryIndexOf } from '../../renderer/src/stores/library-store';
import { deferred } from './support/deferred';
import { makeItem, makeLibrary } from './support/fake-data';
import { installFakeReverie } from './support/fake-reverie';
import { alts, grid, lastList, library, tiles } from './support/library-grid';
import { itemTop, scrollLibraryTo, useLibraryGridLayout } from './support/library-grid-layout';
import { renderApp } from './support/render-app';

// Main's library events: an item added or updated, the library changed, load failures, unmounting.
useLibraryGridLayout();

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
    // One each: the library's mirror and the sidebar's place counts.
    expect(fake.listenerCount('library:item-added')).toBe(2);
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
    act(() => scrollLibraryTo(itemTop(600, 240)));
    await waitFor(() => expect(alts()).toContain('Image 240'));
    const scroller = grid();
    const top = scroller.scrollTop;
    const calls = fake.callsTo('library:list').length;

    fake.library = fake.library.map((item) => (item.prompt === 'Image 240' ? { ...item, prompt: 'Renamed by main' } : item));
    act(() => fake.emit('library:changed', { reason: 'import' }));
    await waitFor(() => expect(alts()).toContain('Renamed by main'));
    expect(scroller.scrollTop).toBe(top);
    const reloads = fake.callsTo('library:list').slice(calls);
    // The pages on screen, by offset from the top, then on with the cursor; and once the first page,
    // which holds the grid's tab stop (its focused tile, kept rendered wherever the view is).
    const fromTheTop = reloads.filter((input) => input.offset === undefined && input.cursor === undefined);
    expect(fromTheTop).toHaveLength(1);
    expect(reloads.length).toBeGreaterThan(fromTheTop.length);
  });

  it('keeps the images an event added at the top where they are while a reload is on its way', async () => {
    // A new image sits above the loaded pages until main's next answer includes it; a reload (a
    // star, a tag, another window's change) must not blank it meanwhile, nor shift the rest.
    const { fake } = await renderApp({ library: makeLibrary(3) });
    await waitFor(() => expect(tiles()).toHaveLength(3));
    const added = makeItem({ prompt: 'Just generated', createdAt: Date.now() + 1000 });
    fake.library.push(added);
    act(() => fake.emit('library:item-added', added));
    const shown = ['Just generated', 'Image 0', 'Image 1', 'Image 2'];
    expect(alts()).toEqual(shown);

    const reply = deferred<ChannelReply<'library:list'>>();
    fake.reply('library:list', () => reply.promise);
    const calls = fake.callsTo('library:list').length;
    act(() => fake.emit('library:changed', { reason: 'import' }));
    await waitFor(() => expect(fake.callsTo('library:list').length).toBe(calls + 1));
    expect(alts()).toEqual(shown);
    expect(libraryIndexOf(added.id)).toBe(0);
    expect(library()).toHaveTextContent('4 images');

    fake.restore('library:list');
    const fresh = await fake.invoke('library:list', lastList(fake));
    await act(async () => reply.resolve(fresh));
    expect(alts()).toEqual(shown);
    expect(libraryIndexOf(added.id)).toBe(0);
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
    // One each: the library's mirror and the sidebar's place counts.
    expect(fake.listenerCount('library:item-added')).toBe(2);
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
