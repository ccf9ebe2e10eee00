import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect } from 'vitest';
import type { ChannelInput, ChannelName } from '../../../electron/shared/contract';
import { App } from '../../../renderer/src/app';
import { installFakeReverie, type FakeOptions, type FakeReverie } from './fake-reverie';

const STARTUP_CHANNELS = ['key:status', 'settings:get', 'library:list', 'queue:list', 'cost:summary', 'draft:get', 'history:list', 'templates:list'];

/**
 * Installs the fake bridge, renders the whole app and waits until its startup loads have been
 * answered, so tests begin from a settled screen.
 */
export async function renderApp(options: FakeOptions | FakeReverie = {}) {
  const fake = 'invoke' in options ? options : installFakeReverie(options);
  window.reverie = fake;
  const user = userEvent.setup();
  const view = render(<App />);
  await waitFor(() => {
    const started = STARTUP_CHANNELS.every((channel) => fake.calls.some((call) => call.channel === channel));
    if (!started) throw new Error('startup has not called main yet');
  });
  // Every startup reply handed over (but those a test holds back); act then lets the page apply them.
  await act(() => fake.settled());
  await screen.findByRole('region', { name: 'Library' });
  return { fake, user, ...view };
}

export type RenderedApp = Awaited<ReturnType<typeof renderApp>>;

/** The Settings dialog, once open. */
export const settingsDialog = () => screen.getByRole('dialog', { name: 'Settings' });

/** Opens Settings from its button, shows the section `tab` (by its name in the section list) and returns the dialog. */
export async function openSettings(user: RenderedApp['user'], tab = 'Account & key'): Promise<HTMLElement> {
  await user.click(screen.getByRole('button', { name: 'Settings' }));
  const dialog = await screen.findByRole('dialog', { name: 'Settings' });
  await user.click(within(dialog).getByRole('tab', { name: tab }));
  expect(within(dialog).getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
  return dialog;
}

/** Waits until the page has called `channel` exactly once, and returns what it sent. */
export async function onlyCallTo<C extends ChannelName>(fake: FakeReverie, channel: C): Promise<ChannelInput<C>> {
  await waitFor(() => expect(fake.callsTo(channel)).toHaveLength(1));
  return fake.callsTo(channel)[0]!;
}
