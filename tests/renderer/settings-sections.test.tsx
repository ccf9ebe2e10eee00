import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { appError, fail } from '../../electron/shared/errors';
import { openSettings as openSettingsAt } from '../../renderer/src/stores/ui-store';
import { openSettings, renderApp, settingsDialog } from './support/render-app';

afterEach(() => {
  delete document.documentElement.dataset.theme;
});

describe('settings: what sends the user to a field lands there', () => {
  it('the spent-budget notice opens Generation with the budget field focused', async () => {
    const { user } = await renderApp({ settings: { dailyBudgetUsd: 1 }, cost: { dailyBudgetUsd: 1, budgetReached: true } });
    await user.click(screen.getByRole('button', { name: 'Open settings' }));
    const dialog = settingsDialog();
    expect(within(dialog).getByRole('tab', { name: 'Generation' })).toHaveAttribute('aria-selected', 'true');
    expect(within(dialog).getByRole('textbox', { name: 'Daily budget (USD)' })).toHaveFocus();
  });

  it('a key problem opens Account & key with the key field focused, even when Settings was left on another section', async () => {
    const { fake, user } = await renderApp();
    await openSettings(user, 'Appearance');
    await user.keyboard('{Escape}');
    act(() => fake.emit('menu:command', { command: 'open-settings' }));
    // The menu reopens where the user was.
    expect(within(settingsDialog()).getByRole('tab', { name: 'Appearance' })).toHaveFocus();
    await user.keyboard('{Escape}');

    // What "Open key settings" on a refused job does.
    act(() => openSettingsAt('api-key'));
    expect(within(settingsDialog()).getByRole('tab', { name: 'Account & key' })).toHaveAttribute('aria-selected', 'true');
    expect(within(settingsDialog()).getByLabelText('API key')).toHaveFocus();
  });
});

describe('settings: Appearance', () => {
  it('offers System, Light and Dark; the choice is saved in main and applied to <html data-theme>', async () => {
    const { fake, user } = await renderApp();
    expect(document.documentElement).not.toHaveAttribute('data-theme');
    await openSettings(user, 'Appearance');
    const group = within(settingsDialog()).getByRole('radiogroup', { name: 'Theme' });
    expect(
      within(group)
        .getAllByRole('radio')
        .map((radio) => radio.closest('label')?.textContent),
    ).toEqual(['System', 'Light', 'Dark']);
    expect(within(group).getByRole('radio', { name: 'System' })).toBeChecked();

    await user.click(within(group).getByRole('radio', { name: 'Dark' }));
    await waitFor(() => expect(document.documentElement).toHaveAttribute('data-theme', 'dark'));
    expect(fake.callsTo('settings:update')).toEqual([{ theme: 'dark' }]);
    expect(fake.settings.theme).toBe('dark');
    expect(within(group).getByRole('radio', { name: 'Dark' })).toBeChecked();

    // Arrow keys move through the native radios, choosing as they go.
    await user.keyboard('{ArrowLeft}');
    await waitFor(() => expect(document.documentElement).toHaveAttribute('data-theme', 'light'));
    await user.click(within(group).getByRole('radio', { name: 'System' }));
    await waitFor(() => expect(document.documentElement).not.toHaveAttribute('data-theme'));
    expect(fake.callsTo('settings:update')).toEqual([{ theme: 'dark' }, { theme: 'light' }, { theme: 'system' }]);
  });

  it('applies the saved theme at startup, as soon as the settings arrive', async () => {
    await renderApp({ settings: { theme: 'light' } });
    expect(document.documentElement).toHaveAttribute('data-theme', 'light');
  });

  it('keeps the theme when main refuses the change, and says why', async () => {
    const { fake, user } = await renderApp({ settings: { theme: 'dark' } });
    fake.reply('settings:update', fail(appError('storage', 'The settings file could not be written.')));
    await openSettings(user, 'Appearance');
    await user.click(within(settingsDialog()).getByRole('radio', { name: 'Light' }));
    expect(await within(settingsDialog()).findByRole('alert')).toHaveTextContent('The settings file could not be written.');
    expect(document.documentElement).toHaveAttribute('data-theme', 'dark');
    expect(within(settingsDialog()).getByRole('radio', { name: 'Dark' })).toBeChecked();
  });
});
