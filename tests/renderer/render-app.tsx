import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../renderer/src/app';
import { installFakeReverie, type FakeOptions, type FakeReverie } from './fake-reverie';

const STARTUP_CHANNELS = [
  'key:status',
  'settings:get',
  'library:list',
  'queue:list',
  'cost:summary',
  'draft:get',
  'history:list',
  'templates:list',
];

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
  // Let the startup replies land.
  await screen.findByRole('region', { name: 'Library' });
  await new Promise((resolve) => setTimeout(resolve, 0));
  return { fake, user, ...view };
}
