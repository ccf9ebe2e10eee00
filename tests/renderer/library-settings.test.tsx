import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChannelReply } from '../../electron/shared/contract';
import { appError, fail } from '../../electron/shared/errors';
import { deferred } from './support/deferred';
import { makeItem } from './support/fake-data';
import { installFakeReverie, type FakeOptions } from './support/fake-reverie';
import { openSettings as openSettingsAt, renderApp, type RenderedApp } from './support/render-app';

const folder = () => screen.getByRole('region', { name: 'Library folder' });
const maintenance = () => screen.getByRole('region', { name: 'Library maintenance' });
const openSettings = (user: RenderedApp['user']) => openSettingsAt(user, 'Library');

/** Renders the app with main answering `library:move` with `reply`, opens Settings and presses "Move library…". */
async function pressMove(reply: ChannelReply<'library:move'>, options: FakeOptions = {}) {
  const fake = installFakeReverie(options);
  fake.reply('library:move', reply);
  const view = await renderApp(fake);
  await openSettings(view.user);
  await view.user.click(within(folder()).getByRole('button', { name: 'Move library…' }));
  return view;
}

describe('settings: library folder', () => {
  it('shows where the library is, from main', async () => {
    const { fake, user } = await renderApp({ libraryPath: '/home/ada/Pictures/Reverie' });
    await openSettings(user);
    await waitFor(() => expect(folder()).toHaveTextContent('/home/ada/Pictures/Reverie'));
    expect(fake.callsTo('library:location')).toHaveLength(1);
  });

  it('moves the library: progress, then the new path, and no path is ever sent', async () => {
    const fake = installFakeReverie({ libraryPath: '/old/place' });
    const reply = deferred<ChannelReply<'library:move'>>();
    fake.reply('library:move', () => reply.promise);
    const { user } = await renderApp(fake);
    await openSettings(user);
    await waitFor(() => expect(folder()).toHaveTextContent('/old/place'));

    await user.click(within(folder()).getByRole('button', { name: 'Move library…' }));
    expect(folder()).toHaveTextContent('Moving the library…');
    expect(fake.callsTo('library:move')).toEqual([undefined]);

    await act(async () => reply.resolve({ ok: true, value: { path: '/media/big-disk/Reverie', outcome: 'moved', previousLibrary: null } }));
    expect(within(folder()).getByRole('alert')).toHaveTextContent('Moved the library to /media/big-disk/Reverie.');
    expect(folder()).not.toHaveTextContent('/old/place');
    expect(folder()).not.toHaveTextContent('Moving the library…');
  });

  it('says so when the folder picked was a library and was opened, and where the one before still is', async () => {
    await pressMove(
      { ok: true, value: { path: '/media/usb/Reverie Library', outcome: 'opened', previousLibrary: '/home/ada/.config/Reverie/library' } },
      { libraryPath: '/home/ada/.config/Reverie/library' },
    );
    const alert = await within(folder()).findByRole('alert');
    expect(alert).toHaveTextContent('That folder is a Reverie library, so Reverie opened it: /media/usb/Reverie Library.');
    expect(alert).toHaveTextContent('The library you had is still in /home/ada/.config/Reverie/library, as it was.');
    expect(folder()).toHaveTextContent('/media/usb/Reverie Library');
  });

  it('says nothing when the folder dialog is cancelled', async () => {
    const fake = installFakeReverie({ libraryPath: '/old/place' });
    fake.nextLibraryPath = null;
    const { user } = await renderApp(fake);
    await openSettings(user);
    await user.click(within(folder()).getByRole('button', { name: 'Move library…' }));
    await waitFor(() => expect(fake.callsTo('library:move')).toHaveLength(1));
    await waitFor(() => expect(folder()).not.toHaveTextContent('Moving the library…'));
    expect(within(folder()).queryByRole('alert')).not.toBeInTheDocument();
    expect(folder()).toHaveTextContent('/old/place');
  });

  it('shows a failed move as an alert', async () => {
    await pressMove(fail(appError('storage', 'The new folder is not writable.', { detail: 'EACCES' })));
    const alert = await within(folder()).findByRole('alert');
    expect(alert).toHaveTextContent('The library was not moved');
    expect(alert).toHaveTextContent('The new folder is not writable.');
  });
});

describe('settings: rebuild the library', () => {
  it('asks first; Keep sends nothing', async () => {
    const { fake, user } = await renderApp();
    await openSettings(user);
    await user.click(within(maintenance()).getByRole('button', { name: 'Rebuild library from folder' }));
    expect(within(maintenance()).getByRole('button', { name: 'Rebuild now' })).toHaveFocus();

    await user.click(within(maintenance()).getByRole('button', { name: 'Keep' }));
    expect(within(maintenance()).queryByRole('button', { name: 'Rebuild now' })).not.toBeInTheDocument();
    expect(within(maintenance()).getByRole('button', { name: 'Rebuild library from folder' })).toHaveFocus();
    expect(fake.callsTo('library:rebuild')).toEqual([]);
  });

  it('rebuilds after confirmation and shows the report', async () => {
    const fake = installFakeReverie({ library: [makeItem()] });
    fake.rebuildReport = { reindexed: 1204, missingFiles: 2, problems: [] };
    const reply = deferred<ChannelReply<'library:rebuild'>>();
    fake.reply('library:rebuild', () => reply.promise);
    const { user } = await renderApp(fake);
    await openSettings(user);

    await user.click(within(maintenance()).getByRole('button', { name: 'Rebuild library from folder' }));
    await user.click(within(maintenance()).getByRole('button', { name: 'Rebuild now' }));
    expect(maintenance()).toHaveTextContent('Rebuilding the library…');
    expect(fake.callsTo('library:rebuild')).toEqual([undefined]);

    await act(async () => reply.resolve({ ok: true, value: { reindexed: 1204, missingFiles: 2, problems: [] } }));
    expect(maintenance()).toHaveTextContent('Rebuilt 1,204 items; 2 files missing; 0 problems');
    expect(within(maintenance()).getByRole('button', { name: 'Rebuild library from folder' })).toHaveFocus();
  });

  it('lists the problems a rebuild found, and shows a failure as an alert', async () => {
    const fake = installFakeReverie();
    fake.rebuildReport = { reindexed: 1, missingFiles: 0, problems: ['broken.json: not valid JSON'] };
    const { user } = await renderApp(fake);
    await openSettings(user);
    await user.click(within(maintenance()).getByRole('button', { name: 'Rebuild library from folder' }));
    await user.click(within(maintenance()).getByRole('button', { name: 'Rebuild now' }));
    await waitFor(() => expect(maintenance()).toHaveTextContent('Rebuilt 1 item; 0 files missing; 1 problem'));
    expect(within(within(maintenance()).getByRole('list', { name: 'Rebuild problems' })).getByRole('listitem')).toHaveTextContent(
      'broken.json: not valid JSON',
    );

    fake.reply('library:rebuild', fail(appError('storage', 'The library folder could not be read.')));
    await user.click(within(maintenance()).getByRole('button', { name: 'Rebuild library from folder' }));
    await user.click(within(maintenance()).getByRole('button', { name: 'Rebuild now' }));
    const alert = await within(maintenance()).findByRole('alert');
    expect(alert).toHaveTextContent('The library was not rebuilt');
    expect(alert).toHaveTextContent('The library folder could not be read.');
  });
});
