import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { appError, fail } from '../../electron/shared/errors';
import { makeLibrary } from './support/fake-data';
import { openSettings as openSettingsAt, renderApp, type RenderedApp } from './support/render-app';

const maintenance = () => screen.getByRole('region', { name: 'Library maintenance' });
const openSettings = (user: RenderedApp['user']) => openSettingsAt(user, 'Library');

describe('settings: drag out', () => {
  it('“When dragging out” shows main’s setting and sends changes', async () => {
    const { fake, user } = await renderApp({ settings: { dragFormat: 'png' } });
    await openSettingsAt(user, 'Export & drag');
    const select = await screen.findByRole('combobox', { name: 'When dragging out' });
    expect(select).toHaveValue('png');
    expect(
      within(select)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Original file', 'PNG copy', 'JPEG copy', 'WebP copy']);

    await user.selectOptions(select, 'JPEG copy');
    expect(fake.callsTo('settings:update')).toEqual([{ dragFormat: 'jpeg' }]);
    await waitFor(() => expect(fake.settings.dragFormat).toBe('jpeg'));
    expect(select).toHaveValue('jpeg');
  });
});

describe('settings: backup and restore', () => {
  it('backs up the library and says where to', async () => {
    const { fake, user } = await renderApp({ library: makeLibrary(1204) });
    fake.nextBackupArchive = '/home/user/Backups/reverie-2025.zip';
    await openSettings(user);

    await user.click(within(maintenance()).getByRole('button', { name: 'Back up library…' }));
    expect(fake.callsTo('library:backup')).toEqual([undefined]);
    await waitFor(() => expect(maintenance()).toHaveTextContent('Backed up 1,204 items to /home/user/Backups/reverie-2025.zip'));
  });

  it('a cancelled save dialog says nothing; a failure is an alert', async () => {
    const { fake, user } = await renderApp();
    fake.nextBackupArchive = null;
    await openSettings(user);
    await user.click(within(maintenance()).getByRole('button', { name: 'Back up library…' }));
    await waitFor(() => expect(fake.callsTo('library:backup')).toHaveLength(1));
    expect(maintenance()).not.toHaveTextContent('Backed up');
    expect(within(maintenance()).queryByRole('alert')).not.toBeInTheDocument();

    fake.reply('library:backup', fail(appError('storage', 'The disk is full.')));
    await user.click(within(maintenance()).getByRole('button', { name: 'Back up library…' }));
    expect(await within(maintenance()).findByRole('alert')).toHaveTextContent('The disk is full.');
  });

  it('restore asks merge or replace, explains replace, and reports the merge', async () => {
    const { fake, user } = await renderApp();
    await openSettings(user);
    await user.click(within(maintenance()).getByRole('button', { name: 'Restore from backup…' }));
    const choice = within(maintenance()).getByRole('group', { name: 'Restore from backup' });
    expect(within(choice).getByRole('button', { name: 'Replace this library' })).toHaveAccessibleDescription(/current library folder is kept as it is/);
    expect(fake.callsTo('library:restore-backup')).toHaveLength(0);

    await user.click(within(choice).getByRole('button', { name: 'Merge into this library' }));
    expect(fake.callsTo('library:restore-backup')).toEqual([{ mode: 'merge' }]);
    await waitFor(() => expect(maintenance()).toHaveTextContent('Merged the backup: 12 items added, 3 already in the library'));
    expect(within(maintenance()).queryByRole('group', { name: 'Restore from backup' })).not.toBeInTheDocument();
  });

  it('replace reports where the previous library is kept; a failure is an alert', async () => {
    const { fake, user } = await renderApp();
    fake.nextRestore = { added: 1204, skipped: 0, previousLibrary: '/home/user/.config/Reverie/library (before restore)' };
    await openSettings(user);
    await user.click(within(maintenance()).getByRole('button', { name: 'Restore from backup…' }));
    await user.click(within(maintenance()).getByRole('button', { name: 'Replace this library' }));
    expect(fake.callsTo('library:restore-backup')).toEqual([{ mode: 'replace' }]);
    await waitFor(() =>
      expect(maintenance()).toHaveTextContent(
        'Replaced the library with the backup: 1,204 items. The previous library folder is kept at /home/user/.config/Reverie/library (before restore).',
      ),
    );

    fake.reply('library:restore-backup', fail(appError('invalid-input', 'That file is not a Reverie backup.')));
    await user.click(within(maintenance()).getByRole('button', { name: 'Restore from backup…' }));
    await user.click(within(maintenance()).getByRole('button', { name: 'Merge into this library' }));
    expect(await within(maintenance()).findByRole('alert')).toHaveTextContent('That file is not a Reverie backup.');
  });
});
