import { act, screen, waitFor, within } from '@testing-library/react';
import type { ChannelReply } from '../../electron/shared/contract';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_BASE_URL } from '../../electron/shared/domain';
import { appError, fail } from '../../electron/shared/errors';
import { useComposerStore } from '../../renderer/src/stores/composer-store';
import { useKeyStore } from '../../renderer/src/stores/key-store';
import { useSettingsStore } from '../../renderer/src/stores/settings-store';
import { deferred } from './support/deferred';
import { installFakeReverie } from './support/fake-reverie';
import { renderApp } from './support/render-app';

const NO_KEY = { stored: false, last4: null, storage: null } as const;
const FULL_KEY = 'sk-live-9f8e7d6c5b4a3210abcd';

const settingsRegion = () => screen.getByRole('region', { name: 'Settings' });
const keyField = () => within(settingsRegion()).getByLabelText('API key');

describe('settings panel', () => {
  it('opens by itself with a welcome when no key is stored', async () => {
    await renderApp({ key: NO_KEY });
    const region = await screen.findByRole('region', { name: 'Settings' });
    expect(region).toHaveTextContent(/Welcome to Reverie/);
    expect(within(region).getByRole('status')).toHaveTextContent('No API key stored yet.');
    expect(screen.getByRole('button', { name: 'Settings' })).toHaveAttribute('aria-expanded', 'true');
  });

  it('marks the workspace busy until main has said whether a key is stored', async () => {
    const fake = installFakeReverie({ key: NO_KEY });
    const status = deferred<ChannelReply<'key:status'>>();
    fake.reply('key:status', () => status.promise);
    await renderApp(fake);
    expect(screen.getByRole('main')).toHaveAttribute('aria-busy', 'true');
    expect(screen.queryByRole('region', { name: 'Settings' })).not.toBeInTheDocument();

    await act(async () => status.resolve({ ok: true, value: { ...fake.keyStatus } }));
    expect(screen.getByRole('main')).toHaveAttribute('aria-busy', 'false');
    expect(screen.getByRole('region', { name: 'Settings' })).toBeInTheDocument();
  });

  it('stays closed when a key is stored, and the Settings button toggles it', async () => {
    const { user } = await renderApp();
    expect(screen.queryByRole('region', { name: 'Settings' })).not.toBeInTheDocument();

    const toggle = screen.getByRole('button', { name: 'Settings' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(settingsRegion()).toHaveTextContent('Key stored in the system keychain, ending in wxyz.');
    expect(settingsRegion()).not.toHaveTextContent(/Welcome/);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');

    await user.click(toggle);
    expect(screen.queryByRole('region', { name: 'Settings' })).not.toBeInTheDocument();
  });

  it('closes on Escape and returns focus to the Settings button', async () => {
    const { user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.getByRole('heading', { name: 'Settings' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Settings' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Settings' })).toHaveFocus();
  });

  it('saves a key, clears the field and shows only its last 4 characters', async () => {
    const { fake, user } = await renderApp({ key: NO_KEY });
    await screen.findByRole('region', { name: 'Settings' });

    await user.type(keyField(), FULL_KEY);
    expect(keyField()).toHaveAttribute('type', 'password');
    await user.click(screen.getByRole('button', { name: 'Save key' }));

    await waitFor(() => expect(within(settingsRegion()).getByRole('status')).toHaveTextContent('Key stored in the system keychain, ending in abcd.'));
    expect(fake.callsTo('key:save')).toEqual([{ key: FULL_KEY, sessionOnly: false }]);
    expect(keyField()).toHaveValue('');
    expect(document.documentElement.outerHTML).not.toContain(FULL_KEY);
    expect(document.documentElement.outerHTML).not.toContain(FULL_KEY.slice(0, -4));
    // The stores mirror the status only.
    expect(JSON.stringify(useKeyStore.getState())).not.toContain(FULL_KEY);
    expect(settingsRegion()).not.toHaveTextContent(/Welcome/);
  });

  it('shows main’s validation message as an alert and keeps the typed key to fix', async () => {
    const { fake, user } = await renderApp({ key: NO_KEY });
    await screen.findByRole('region', { name: 'Settings' });
    await user.type(keyField(), 'short');
    await user.click(screen.getByRole('button', { name: 'Save key' }));

    const alert = await within(settingsRegion()).findByRole('alert');
    expect(alert).toHaveTextContent('That key is too short to be an AI/ML API key.');
    expect(fake.keyStatus.stored).toBe(false);
    expect(keyField()).toHaveValue('short');
  });

  it('explains a missing keychain and keeps the key for this session only', async () => {
    const message = 'No keychain service is running (libsecret could not connect).';
    const { fake, user } = await renderApp({
      key: { ...NO_KEY, keychainAvailable: false, keychainMessage: message },
    });
    const region = await screen.findByRole('region', { name: 'Settings' });
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
    await screen.findByRole('region', { name: 'Settings' });
    await user.type(keyField(), FULL_KEY);
    await user.click(screen.getByRole('button', { name: 'Save key' }));

    const alert = await within(settingsRegion()).findByRole('alert');
    expect(alert).toHaveTextContent('The keychain refused the write.');
    await user.click(within(alert).getByRole('button', { name: 'Use for this session only' }));

    await waitFor(() => expect(within(settingsRegion()).getByRole('status')).toHaveTextContent(/Key kept for this session only \(not saved\)/));
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
    await user.click(screen.getByRole('button', { name: 'Settings' }));
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
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(settingsRegion()).toHaveTextContent('Requests go to http://127.0.0.1:8080/v1');
    expect(settingsRegion()).toHaveTextContent(/REVERIE_API_BASE_URL environment variable, which overrides this setting/);
    expect(screen.getByRole('textbox', { name: 'API base URL' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Save address' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Use default address' })).toBeDisabled();
  });

  it('changes the default aspect ratio, which the composer follows until the user picks one', async () => {
    const { fake, user } = await renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Default aspect ratio' }), '16:9');
    await waitFor(() => expect(screen.getByRole('radio', { name: '16:9' })).toBeChecked());
    expect(fake.callsTo('settings:update').at(-1)).toEqual({ defaultAspectRatio: '16:9' });
    expect(useSettingsStore.getState().view?.defaultAspectRatio).toBe('16:9');
    expect(useComposerStore.getState().chosenAspectRatios).toBeNull();
  });
});
