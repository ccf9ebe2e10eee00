import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { appError, fail } from '../../electron/shared/errors';
import { makeItem } from './fake-reverie';
import { renderApp } from './render-app';

const library = () => screen.getByRole('region', { name: 'Library' });
const tiles = () => within(library()).queryAllByRole('img');

describe('library', () => {
  it('asks for the first 100 and shows thumbnails newest first', async () => {
    const older = makeItem({ prompt: 'Older: a dune at noon', aspectRatio: '16:9', createdAt: 1000, credits: 126_000 });
    const newer = makeItem({ prompt: 'Newer: a fern in rain', aspectRatio: '2:3', createdAt: 2000, credits: null });
    const { fake } = await renderApp({ library: [older, newer] });

    expect(fake.callsTo('library:list')).toEqual([{ limit: 100 }]);
    await waitFor(() => expect(tiles()).toHaveLength(2));
    const [first, second] = tiles();
    expect(first).toHaveAccessibleName('Newer: a fern in rain');
    expect(second).toHaveAccessibleName('Older: a dune at noon');
    expect(first).toHaveAttribute('src', `reverie-media://library/thumb/${newer.id}`);
    expect(first).toHaveAttribute('width', '832');
    expect(first).toHaveAttribute('height', '1248');
    expect(first).toHaveAttribute('loading', 'lazy');
    expect(first).toHaveAttribute('decoding', 'async');

    const captions = within(library()).getAllByRole('figure');
    expect(captions[0]).toHaveTextContent('2:3');
    expect(captions[0]).not.toHaveTextContent('$');
    expect(captions[1]).toHaveTextContent('16:9');
    expect(captions[1]).toHaveTextContent('$0.063');
  });

  it('uses the media base the bridge reports', async () => {
    const item = makeItem();
    const { installFakeReverie } = await import('./fake-reverie');
    const fake = installFakeReverie({ library: [item] });
    Object.defineProperty(fake, 'mediaBase', { value: 'reverie-media://elsewhere' });
    await renderApp(fake);
    await waitFor(() => expect(tiles()[0]).toHaveAttribute('src', `reverie-media://elsewhere/thumb/${item.id}`));
  });

  it('shows a friendly empty state', async () => {
    await renderApp();
    expect(await within(library()).findByText('No images yet')).toBeInTheDocument();
  });

  it('adds an item from the library:item-added event once, in order', async () => {
    const existing = makeItem({ prompt: 'Existing', createdAt: 1000 });
    const { fake } = await renderApp({ library: [existing] });
    await waitFor(() => expect(tiles()).toHaveLength(1));

    const added = makeItem({ prompt: 'From another window', createdAt: 5000 });
    act(() => fake.emit('library:item-added', added));
    act(() => fake.emit('library:item-added', added));
    act(() => fake.emit('library:item-added', existing));

    expect(tiles().map((img) => img.getAttribute('alt'))).toEqual(['From another window', 'Existing']);
    expect(within(library()).queryByText('No images yet')).not.toBeInTheDocument();
    expect(library()).toHaveTextContent('2 images');
  });

  it('shows the image of a finished job once, from main’s event', async () => {
    const { fake, user } = await renderApp({ library: [makeItem({ prompt: 'Before', createdAt: 1000 })] });
    await user.type(screen.getByRole('textbox', { name: 'Prompt' }), 'A new one');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(fake.jobs.size).toBe(1));

    const [job] = [...fake.jobs.values()];
    act(() => {
      const item = fake.finishJob(job!.id);
      // A second window's copy of the same event changes nothing.
      fake.emit('library:item-added', item);
    });

    await waitFor(() => expect(tiles()).toHaveLength(2));
    expect(tiles().map((img) => img.getAttribute('alt'))).toEqual(['A new one', 'Before']);
    expect(fake.listenerCount('library:item-added')).toBe(1);
  });

  it('loads more pages with the cursor', async () => {
    const items = Array.from({ length: 130 }, (_, index) => makeItem({ prompt: `Image ${index}`, createdAt: index }));
    const { fake, user } = await renderApp({ library: items });
    await waitFor(() => expect(tiles()).toHaveLength(100));
    expect(library()).toHaveTextContent('100 of 130 images');
    expect(tiles()[0]).toHaveAccessibleName('Image 129');

    await user.click(within(library()).getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(tiles()).toHaveLength(130));
    expect(fake.callsTo('library:list')).toEqual([{ limit: 100 }, { limit: 100, cursor: '100' }]);
    expect(tiles().at(-1)).toHaveAccessibleName('Image 0');
    expect(within(library()).queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('shows a load failure as an alert and can try again', async () => {
    const { installFakeReverie } = await import('./fake-reverie');
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
    unmount();
    expect(fake.listenerCount('library:item-added')).toBe(0);
  });
});
