import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useImportStore } from '../../renderer/src/features/import/import-store';
import { useSelectionStore } from '../../renderer/src/stores/library-selection-store';
import type { ChannelReply } from '../../electron/shared/contract';
import { deferred } from './support/deferred';
import { makeLibrary } from './support/fake-data';
import { renderApp } from './support/render-app';

/** The application menu's commands, as main sends them (`menu:command`), done by the page. */

afterEach(() => {
  useSelectionStore.setState(useSelectionStore.getInitialState(), true);
  useImportStore.setState(useImportStore.getInitialState(), true);
});

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (char) => char.charCodeAt(0));
const importStatus = () => screen.getByText((_, element) => element?.classList.contains('import-status') ?? false);

describe('application menu commands', () => {
  it('Settings… opens the Settings dialog', async () => {
    const { fake } = await renderApp();
    expect(screen.queryByRole('dialog', { name: 'Settings' })).not.toBeInTheDocument();
    act(() => fake.emit('menu:command', { command: 'open-settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    expect(within(dialog).getByRole('tab', { name: 'Account & key' })).toHaveFocus();
  });

  it('Generate sends the composer as the button does, and refuses an empty prompt the same way', async () => {
    const { fake, user } = await renderApp();
    act(() => fake.emit('menu:command', { command: 'generate' }));
    expect(fake.callsTo('generate:enqueue')).toEqual([]);

    await user.type(screen.getByRole('textbox', { name: 'Prompt' }), 'a lighthouse at dusk');
    act(() => fake.emit('menu:command', { command: 'generate' }));
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(1));
    expect(fake.callsTo('generate:enqueue')[0]).toMatchObject({ prompt: 'a lighthouse at dusk' });
  });

  it('Import Images… imports the files picked in main’s dialog and sums up as a drop does', async () => {
    const { fake } = await renderApp();
    fake.nextPickedImages = [
      { name: 'harbour.png', bytes: PNG },
      { name: 'notes.txt', bytes: new TextEncoder().encode('not a picture') },
    ];
    act(() => fake.emit('menu:command', { command: 'import' }));
    await waitFor(() => expect(importStatus()).toHaveTextContent('Imported 1 image'));
    expect(importStatus()).toHaveTextContent('1 skipped: notes.txt');
    expect(fake.callsTo('library:import-picked')).toHaveLength(1);
    expect(fake.library.map((item) => item.title)).toContain('harbour');
  });

  it('Import Images… shows progress once files are chosen, and nothing when the dialog is cancelled', async () => {
    const { fake } = await renderApp();
    // Cancelled: no status at all (not even "Importing…" while the dialog was open).
    fake.nextPickedImages = null;
    act(() => fake.emit('menu:command', { command: 'import' }));
    await waitFor(() => expect(fake.callsTo('library:import-picked')).toHaveLength(1));
    await act(async () => undefined);
    expect(importStatus()).toBeEmptyDOMElement();

    // Chosen: main's progress shows while it reads and files them.
    const reply = deferred<ChannelReply<'library:import-picked'>>();
    fake.reply('library:import-picked', () => reply.promise);
    act(() => fake.emit('menu:command', { command: 'import' }));
    await waitFor(() => expect(fake.callsTo('library:import-picked')).toHaveLength(2));
    expect(importStatus()).toBeEmptyDOMElement();
    act(() => fake.emit('import:progress', { done: 1, total: 3 }));
    expect(importStatus()).toHaveTextContent('Importing images… 1 of 3');
    await act(async () => reply.resolve({ ok: true, value: { imported: [], skipped: [], existing: [] } }));
    expect(importStatus()).toHaveTextContent('No images imported');
  });

  it('Back Up Library… starts the backup in Settings’ Library section, which says how it went', async () => {
    const { fake } = await renderApp({ library: makeLibrary(3) });
    act(() => fake.emit('menu:command', { command: 'backup' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    expect(within(dialog).getByRole('tab', { name: 'Library' })).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(dialog).toHaveTextContent('Backed up 3 items to /home/user/Backups/Reverie backup.zip'));
    expect(fake.callsTo('library:backup')).toHaveLength(1);
  });

  it('Back Up Library… says nothing when the save dialog is cancelled', async () => {
    const { fake } = await renderApp();
    fake.nextBackupArchive = null;
    act(() => fake.emit('menu:command', { command: 'backup' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    await waitFor(() => expect(fake.callsTo('library:backup')).toHaveLength(1));
    await act(async () => undefined);
    expect(dialog).not.toHaveTextContent('Backing up the library');
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('Export… with nothing selected exports everything the library shows', async () => {
    const { fake } = await renderApp({ library: makeLibrary(4) });
    act(() => fake.emit('menu:command', { command: 'export' }));
    const dialog = await screen.findByRole('dialog', { name: 'Export' });
    expect(within(dialog).getByText('4 images')).toBeInTheDocument();
  });
});
