import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ChannelReply } from '../../electron/shared/contract';
import { createKeyVault } from '../../electron/main/services/settings/key-vault';
import { createSilentSecretStore } from '../support/silent-secret-store';
import { deferred } from './support/deferred';
import { installFakeReverie } from './support/fake-reverie';
import { renderApp } from './support/render-app';

/**
 * "Save key" while the keychain takes its time (on headless Linux it never answers): the page says
 * it is saving, then shows main's own answer after the time limit, and offers the session; in
 * session-only mode the help text does not claim the keychain. Main's side is in
 * tests/unit/key-vault-silent-keychain.test.ts.
 */
const NO_KEY = { stored: false, last4: null, storage: null } as const;
const FULL_KEY = 'sk-live-9f8e7d6c5b4a3210abcd';
const KEYCHAIN_HELP = /Saved in your system keychain/;

const keyField = () => screen.getByLabelText('API key');

/** What main's vault answers after 15 s of a keychain that does not answer (on a held clock). */
async function mainsAnswerToASilentKeychain(): Promise<ChannelReply<'key:save'>> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    const saving = createKeyVault(createSilentSecretStore()).save({ key: FULL_KEY, sessionOnly: false });
    await vi.advanceTimersByTimeAsync(15_000);
    return await saving;
  } finally {
    vi.useRealTimers();
  }
}

describe('saving the key to a keychain that does not answer', () => {
  it('shows progress while it waits, then why it stopped, and keeps the key for the session when asked', async () => {
    const answer = await mainsAnswerToASilentKeychain();
    expect(answer.ok).toBe(false);
    const fake = installFakeReverie({ key: NO_KEY });
    const held = deferred<ChannelReply<'key:save'>>();
    fake.reply('key:save', (input) => (input.sessionOnly ? (fake.restore('key:save'), fake.invoke('key:save', input)) : held.promise));
    const { user } = await renderApp(fake);

    await user.type(await screen.findByLabelText('API key'), FULL_KEY);
    expect(keyField()).toHaveAccessibleDescription(KEYCHAIN_HELP);
    expect(screen.queryByText(/Saving to the system keychain/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save key' }));

    expect(await screen.findByText('Saving to the system keychain… (waiting up to 15 seconds for it to answer)')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save key' })).toBeDisabled();
    expect(fake.callsTo('key:save')).toEqual([{ key: FULL_KEY, sessionOnly: false }]);

    // Main's answer once its 15 s are up; from then on main reports the keychain as not answering.
    const message = answer.ok ? '' : answer.error.message;
    fake.keyStatus = { ...fake.keyStatus, keychainAvailable: false, keychainMessage: message };
    await act(async () => held.resolve(answer));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The system keychain did not answer within 15 seconds, so the key was not saved.');
    expect(screen.queryByText(/Saving to the system keychain/)).not.toBeInTheDocument();
    expect(keyField()).toHaveValue(FULL_KEY);

    await user.click(screen.getByRole('button', { name: 'Use for this session only' }));
    await waitFor(() => expect(screen.getByText('Key kept for this session only (not saved), ending in abcd.')).toBeInTheDocument());
    expect(fake.callsTo('key:save')[1]).toEqual({ key: FULL_KEY, sessionOnly: true });
    // Only the session save reached main's (fake) store; the keychain one never answered.
    expect(fake.receivedKeys).toEqual([FULL_KEY]);
    expect(keyField()).toHaveValue('');
    expect(keyField()).toHaveAccessibleDescription('Used for this session only. Reverie only ever shows its last 4 characters.');
    expect(document.body).not.toHaveTextContent(KEYCHAIN_HELP);
  });

  it('in session-only mode with the keychain back, the help text says session and Save keeps the session', async () => {
    const { fake, user } = await renderApp({ key: { stored: true, last4: 'abcd', storage: 'session', keychainAvailable: true, keychainMessage: null } });
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const field = await screen.findByLabelText('API key');
    expect(field).not.toHaveAccessibleDescription(KEYCHAIN_HELP);
    expect(field).toHaveAccessibleDescription(/^Used for this session only/);

    await user.type(field, 'sk-live-new-session-key-1234');
    await user.click(screen.getByRole('button', { name: 'Save key' }));
    await waitFor(() => expect(fake.callsTo('key:save')).toEqual([{ key: 'sk-live-new-session-key-1234', sessionOnly: true }]));
    expect(screen.queryByText(/Saving to the system keychain/)).not.toBeInTheDocument();
  });
});
