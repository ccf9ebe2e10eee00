import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChannelReply } from '../../electron/shared/contract';
import { appError, fail } from '../../electron/shared/errors';
import { deferred } from './support/deferred';
import { installFakeReverie } from './support/fake-reverie';
import { renderApp } from './support/render-app';

const NO_KEY = { stored: false, last4: null, storage: null } as const;
const TYPED_KEY = 'sk-live-9f8e7d6c5b4a3210abcd';

const welcome = () => screen.getByRole('dialog', { name: 'Welcome to Reverie' });
const keyField = () => within(welcome()).getByLabelText('API key');

describe('first start: the welcome', () => {
  it('opens by itself when no key is stored: what Reverie is, the key field, focus in it', async () => {
    await renderApp({ key: NO_KEY });
    const dialog = await screen.findByRole('dialog', { name: 'Welcome to Reverie' });
    expect(dialog).toHaveAccessibleDescription(/turns your prompts into images/);
    expect(within(dialog).getByRole('status')).toHaveTextContent('No API key stored yet.');
    expect(within(dialog).getByRole('button', { name: 'Save key' })).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Test key' })).toBeInTheDocument();
    expect(keyField()).toHaveFocus();
    expect(screen.queryByRole('dialog', { name: 'Settings' })).not.toBeInTheDocument();
  });

  it('does not open when a key is stored', async () => {
    await renderApp();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('marks the workspace busy until main has said whether a key is stored', async () => {
    const fake = installFakeReverie({ key: NO_KEY });
    const status = deferred<ChannelReply<'key:status'>>();
    fake.reply('key:status', () => status.promise);
    await renderApp(fake);
    expect(screen.getByRole('main')).toHaveAttribute('aria-busy', 'true');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await act(async () => status.resolve({ ok: true, value: { ...fake.keyStatus } }));
    expect(screen.getByRole('main')).toHaveAttribute('aria-busy', 'false');
    expect(welcome()).toBeInTheDocument();
  });

  it('"Later" closes it and leaves the studio usable', async () => {
    const { user } = await renderApp({ key: NO_KEY });
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Later' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Prompt' }), 'a fox');
    expect(screen.getByRole('textbox', { name: 'Prompt' })).toHaveValue('a fox');
  });

  it('opens the page where keys are made in the system browser, by name', async () => {
    const { fake, user } = await renderApp({ key: NO_KEY });
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Get a key at aimlapi.com' }));
    await waitFor(() => expect(fake.callsTo('shell:open-link')).toEqual([{ link: 'keys' }]));
    expect(fake.openedLinks).toEqual(['keys']);
  });

  it('says so when the browser could not be opened', async () => {
    const { fake, user } = await renderApp({ key: NO_KEY });
    fake.reply('shell:open-link', fail(appError('internal', 'The keys page could not be opened in your browser.')));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Get a key at aimlapi.com' }));
    expect(await within(welcome()).findByRole('alert')).toHaveTextContent('The keys page could not be opened in your browser.');
  });
});

describe('first start: Test key', () => {
  it('tests the typed key without saving it, and says it works with the balance', async () => {
    const { fake, user } = await renderApp({ key: NO_KEY });
    await screen.findByRole('dialog');
    await user.type(keyField(), TYPED_KEY);
    await user.click(within(welcome()).getByRole('button', { name: 'Test key' }));

    await waitFor(() =>
      expect(welcome()).toHaveTextContent('The API accepted the key you typed (not saved yet); your balance is $12.50. The test cost nothing.'),
    );
    expect(fake.callsTo('key:test')).toEqual([{ key: TYPED_KEY }]);
    expect(fake.callsTo('key:save')).toEqual([]);
    expect(fake.keyStatus.stored).toBe(false);
    // The key stays in the field to be saved, and nowhere else on the page.
    expect(keyField()).toHaveValue(TYPED_KEY);
    expect(document.body.textContent).not.toContain(TYPED_KEY.slice(0, -4));
  });

  it('tests the saved key once it is saved (the field is empty then)', async () => {
    const { fake, user } = await renderApp({ key: NO_KEY });
    await screen.findByRole('dialog');
    await user.type(keyField(), TYPED_KEY);
    await user.click(within(welcome()).getByRole('button', { name: 'Save key' }));
    await waitFor(() => expect(within(welcome()).getByRole('status')).toHaveTextContent('ending in abcd'));
    await user.click(within(welcome()).getByRole('button', { name: 'Test key' }));

    await waitFor(() => expect(welcome()).toHaveTextContent('The API accepted your saved key; your balance is $12.50.'));
    expect(fake.callsTo('key:test')).toEqual([{}]);
    await user.click(within(welcome()).getByRole('button', { name: 'Start creating' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows a refused key as an alert, and a test in progress as progress', async () => {
    const { fake, user } = await renderApp({ key: NO_KEY });
    const answer = deferred<ChannelReply<'key:test'>>();
    fake.reply('key:test', () => answer.promise);
    await screen.findByRole('dialog');
    await user.type(keyField(), TYPED_KEY);
    await user.click(within(welcome()).getByRole('button', { name: 'Test key' }));
    expect(welcome()).toHaveTextContent('Asking the API whether it accepts the key…');
    expect(within(welcome()).getByRole('button', { name: 'Test key' })).toHaveAttribute('aria-disabled', 'true');

    await act(async () =>
      answer.resolve(
        fail(appError('unauthorized', 'The API refused this key. Check that it was copied whole, or make a new one at aimlapi.com.', { status: 401 })),
      ),
    );
    const alert = within(welcome()).getByRole('alert');
    expect(alert).toHaveTextContent('The key did not pass the test');
    expect(alert).toHaveTextContent('The API refused this key.');
    expect(welcome()).not.toHaveTextContent('The API accepted');
    expect(within(welcome()).getByRole('button', { name: 'Test key' })).not.toHaveAttribute('aria-disabled', 'true');
  });

  it('says when the API could not be reached, and when there is no key to test', async () => {
    const { fake, user } = await renderApp({ key: NO_KEY });
    await screen.findByRole('dialog');
    await user.click(within(welcome()).getByRole('button', { name: 'Test key' }));
    expect(await within(welcome()).findByRole('alert')).toHaveTextContent('Type a key in the field, or save one, to test it.');

    fake.reply('key:test', fail(appError('network', 'Could not reach the API at api.aimlapi.com, so the key could not be checked.')));
    await user.type(keyField(), TYPED_KEY);
    await user.click(within(welcome()).getByRole('button', { name: 'Test key' }));
    await waitFor(() => expect(within(welcome()).getByRole('alert')).toHaveTextContent('Could not reach the API'));
  });
});
