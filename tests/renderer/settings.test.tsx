import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_BASE_URL } from '../../electron/shared/domain';
import { appError, fail } from '../../electron/shared/errors';
import { useComposerStore } from '../../renderer/src/stores/composer-store';
import { useKeyStore } from '../../renderer/src/stores/key-store';
import { useSettingsStore } from '../../renderer/src/stores/settings-store';
import { openSettings, renderApp } from './support/render-app';

const NO_KEY = { stored: false, last4: null, storage: null } as const;
const FULL_KEY = 'sk-live-9f8e7d6c5b4a3210abcd';

const settingsRegion = () => screen.getByRole('dialog', { name: 'Settings' });
const welcome = () => screen.getByRole('dialog', { name: 'Welcome to Reverie' });
const keyField = () => within(screen.getByRole('dialog')).getByLabelText('API key');

describe('settings dialog', () => {
  it('stays closed when a key is stored; the Settings button opens it on Account & key, Close shuts it', async () => {
    const { user } = await renderApp();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    const button = screen.getByRole('button', { name: 'Settings' });
    expect(button).toHaveAttribute('aria-haspopup', 'dialog');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    await user.click(button);
    expect(settingsRegion()).toHaveTextContent('Key stored in the system keychain, ending in wxyz.');
    expect(within(settingsRegion()).getByRole('tab', { name: 'Account & key' })).toHaveAttribute('aria-selected', 'true');
    expect(within(settingsRegion()).getByRole('tab', { name: 'Account & key' })).toHaveFocus();
    expect(within(settingsRegion()).getByRole('tabpanel', { name: 'Account & key' })).toContainElement(keyField());
    expect(button).toHaveAttribute('aria-expanded', 'true');

    await user.click(within(settingsRegion()).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog', { name: 'Settings' })).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it('closes on Escape and returns focus to the Settings button', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(within(settingsRegion()).getByRole('tab', { name: 'Account & key' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog', { name: 'Settings' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Settings' })).toHaveFocus();
  });

  it('has the five sections, each with its own fields, reached with the arrow keys', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const tabs = within(settingsRegion()).getByRole('tablist', { name: 'Settings sections' });
    expect(
      within(tabs)
        .getAllByRole('tab')
        .map((tab) => tab.textContent),
    ).toEqual(['Account & key', 'Generation', 'Library', 'Export & drag', 'Appearance']);

    const expected: Array<[string, () => HTMLElement]> = [
      ['Generation', () => within(settingsRegion()).getByRole('combobox', { name: 'Default aspect ratio' })],
      ['Library', () => within(settingsRegion()).getByRole('button', { name: 'Move library…' })],
      ['Export & drag', () => within(settingsRegion()).getByRole('combobox', { name: 'When dragging out' })],
      ['Appearance', () => within(settingsRegion()).getByRole('radiogroup', { name: 'Theme' })],
    ];
    for (const [name, field] of expected) {
      // Vertical tabs: the down arrow moves to the next section and shows it.
      await user.keyboard('{ArrowDown}');
      const tab = within(tabs).getByRole('tab', { name });
      expect(tab).toHaveFocus();
      expect(tab).toHaveAttribute('aria-selected', 'true');
      expect(within(settingsRegion()).getByRole('tabpanel', { name })).toContainElement(field());
    }
    expect(within(settingsRegion()).getAllByRole('tabpanel')).toHaveLength(1);
    expect(within(settingsRegion()).queryByLabelText('API key')).not.toBeInTheDocument();
  });

  it('reopens on the section it was left on', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.click(within(settingsRegion()).getByRole('tab', { name: 'Library' }));
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(within(settingsRegion()).getByRole('tab', { name: 'Library' })).toHaveAttribute('aria-selected', 'true');
    expect(within(settingsRegion()).getByRole('tab', { name: 'Library' })).toHaveFocus();
  });
});

describe('settings: the API key', () => {
  it('saves a key, clears the field and shows only its last 4 characters', async () => {
    const { fake, user } = await renderApp({ key: NO_KEY });
    await screen.findByRole('dialog', { name: 'Welcome to Reverie' });

    await user.type(keyField(), FULL_KEY);
    expect(keyField()).toHaveAttribute('type', 'password');
    await user.click(screen.getByRole('button', { name: 'Save key' }));

    await waitFor(() => expect(within(welcome()).getByRole('status')).toHaveTextContent('Key stored in the system keychain, ending in abcd.'));
    expect(fake.callsTo('key:save')).toEqual([{ key: FULL_KEY, sessionOnly: false }]);
    expect(keyField()).toHaveValue('');
    expect(document.documentElement.outerHTML).not.toContain(FULL_KEY);
    expect(document.documentElement.outerHTML).not.toContain(FULL_KEY.slice(0, -4));
    // The stores mirror the status only.
    expect(JSON.stringify(useKeyStore.getState())).not.toContain(FULL_KEY);
    // Saved: the welcome stays for a test of the key, and now offers to start instead of "Later".
    expect(within(welcome()).getByRole('button', { name: 'Start creating' })).toBeInTheDocument();
    expect(within(welcome()).queryByRole('button', { name: 'Later' })).not.toBeInTheDocument();
  });

  it('shows main’s validation message as an alert and keeps the typed key to fix', async () => {
    const { fake, user } = await renderApp({ key: NO_KEY });
    await screen.findByRole('dialog', { name: 'Welcome to Reverie' });
    await user.type(keyField(), 'short');
    await user.click(screen.getByRole('button', { name: 'Save key' }));

    const alert = await within(welcome()).findByRole('alert');
    expect(alert).toHaveTextContent('That key is too short to be an AI/ML API key.');
    expect(fake.keyStatus.stored).toBe(false);
    expect(keyField()).toHaveValue('short');
  });

  it('explains a missing keychain and keeps the key for this session only', async () => {
    const message = 'No keychain service is running (libsecret could not connect).';
    const { fake, user } = await renderApp({
      key: { ...NO_KEY, keychainAvailable: false, keychainMessage: message },
    });
    const region = await screen.findByRole('dialog', { name: 'Welcome to Reverie' });
    expect(region).toHaveTextContent(message);
    expect(region).toHaveTextContent(/for this session only/);

    await user.type(keyField(), FULL_KEY);
    await user.click(screen.getByRole('button', { name: 'Save key' }));

    await waitFor(() => expect(within(region).getByRole('status')).toHaveTextContent('Key kept for this session only (not saved), ending in abcd.'));
    expect(fake.callsTo('key:save')).toEqual([{ key: FULL_KEY, sessionOnly: true }]);
    expect(keyField()).toHaveValue('');
    expect(document.documentElement.outerHTML).not.toContain(FULL_KEY);
  });

  it('offers session-only use when the keychain fails during a save', async () => {
    const { fake, user } = await renderApp({ key: NO_KEY });
    fake.reply('key:save', (input) =>
      input.sessionOnly
        ? (fake.restore('key:save'), fake.invoke('key:save', input))
        : fail(appError('keychain-unavailable', 'The keychain refused the write.')),
    );
    await screen.findByRole('dialog', { name: 'Welcome to Reverie' });
    await user.type(keyField(), FULL_KEY);
    await user.click(screen.getByRole('button', { name: 'Save key' }));

    const alert = await within(welcome()).findByRole('alert');
    expect(alert).toHaveTextContent('The keychain refused the write.');
    await user.click(within(alert).getByRole('button', { name: 'Use for this session only' }));

    await waitFor(() => expect(within(welcome()).getByRole('status')).toHaveTextContent(/Key kept for this session only \(not saved\)/));
    expect(fake.receivedKeys).toEqual([FULL_KEY]);
    expect(keyField()).toHaveValue('');
  });

  it('removes the stored key', async () => {
    const { fake, user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.click(screen.getByRole('button', { name: 'Remove key' }));

    await waitFor(() => expect(within(settingsRegion()).getByRole('status')).toHaveTextContent('No API key stored yet.'));
    expect(fake.callsTo('key:remove')).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Remove key' })).not.toBeInTheDocument();
  });

  it('shows the effective API address and saves a new one', async () => {
    const { fake, user } = await renderApp();
    await openSettings(user, 'Generation');
    const field = screen.getByRole('textbox', { name: 'API base URL' });
    expect(field).toHaveAttribute('placeholder', DEFAULT_API_BASE_URL);
    expect(settingsRegion()).toHaveTextContent(`Requests go to ${DEFAULT_API_BASE_URL}`);
    expect(settingsRegion()).toHaveTextContent('The default AI/ML API address.');

    await user.type(field, 'http://example.com/v1');
    await user.click(screen.getByRole('button', { name: 'Save address' }));
    const alert = await within(settingsRegion()).findByRole('alert');
    expect(alert).toHaveTextContent(/Use an https:\/\/ address/);

    await user.clear(field);
    await user.type(field, 'https://proxy.example.com/v1/');
    await user.click(screen.getByRole('button', { name: 'Save address' }));
    await waitFor(() => expect(settingsRegion()).toHaveTextContent('Your own address, saved in settings.'));
    expect(fake.callsTo('settings:update').at(-1)).toEqual({ apiBaseUrl: 'https://proxy.example.com/v1/' });
    expect(settingsRegion()).toHaveTextContent('Requests go to https://proxy.example.com/v1');
    expect(screen.getByRole('textbox', { name: 'API base URL' })).toHaveValue('https://proxy.example.com/v1');
    expect(within(settingsRegion()).queryByRole('alert')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Use default address' }));
    await waitFor(() => expect(settingsRegion()).toHaveTextContent('The default AI/ML API address.'));
    expect(fake.callsTo('settings:update').at(-1)).toEqual({ apiBaseUrl: null });
    expect(screen.getByRole('textbox', { name: 'API base URL' })).toHaveValue('');
  });

  it('says so and locks editing when the environment sets the address', async () => {
    const { user } = await renderApp({
      settings: { effectiveApiBaseUrl: 'http://127.0.0.1:8080/v1', apiBaseUrlSource: 'environment' },
    });
    await openSettings(user, 'Generation');
    expect(settingsRegion()).toHaveTextContent('Requests go to http://127.0.0.1:8080/v1');
    expect(settingsRegion()).toHaveTextContent(/REVERIE_API_BASE_URL environment variable, which overrides this setting/);
    expect(screen.getByRole('textbox', { name: 'API base URL' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Save address' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Use default address' })).toBeDisabled();
  });

  it('changes the default aspect ratio, which the composer follows until the user picks one', async () => {
    const { fake, user } = await renderApp();
    await openSettings(user, 'Generation');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Default aspect ratio' }), '16:9');
    await waitFor(() => expect(fake.callsTo('settings:update')).toHaveLength(1));
    // The composer is behind the modal dialog: close it to see the ratio there.
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.getByRole('radio', { name: '16:9' })).toBeChecked());
    expect(fake.callsTo('settings:update').at(-1)).toEqual({ defaultAspectRatio: '16:9' });
    expect(useSettingsStore.getState().view?.defaultAspectRatio).toBe('16:9');
    expect(useComposerStore.getState().chosenAspectRatios).toBeNull();
  });
});
