import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useSelectionStore } from '../../renderer/src/stores/library-selection-store';
import { makeLibrary } from './support/fake-data';
import { renderApp } from './support/render-app';

/** The application menu's commands, as main sends them (`menu:command`), done by the page. */

afterEach(() => useSelectionStore.setState(useSelectionStore.getInitialState(), true));

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

  it('Export… with nothing selected exports everything the library shows', async () => {
    const { fake } = await renderApp({ library: makeLibrary(4) });
    act(() => fake.emit('menu:command', { command: 'export' }));
    const dialog = await screen.findByRole('dialog', { name: 'Export' });
    expect(within(dialog).getByText('4 images')).toBeInTheDocument();
  });
});
