import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { appError, fail } from '../../electron/shared/errors';
import { makeJob } from './support/fake-data';
import { openQueue } from './support/queue-drawer';
import { renderApp } from './support/render-app';

const queue = () => screen.getByRole('region', { name: 'Queue' });
const failedJob = (error: ReturnType<typeof appError>, extra: Parameters<typeof makeJob>[0] = {}) =>
  makeJob({ prompt: 'A failing prompt', state: 'failed', error, ...extra });

describe('errors the user can act on', () => {
  it('403: out of credits offers the billing page, opened by name', async () => {
    const { fake, user } = await renderApp({
      jobs: [failedJob(appError('out-of-credits', 'Your AI/ML API balance has run out of credits.', { status: 403 }))],
    });
    await openQueue(user);
    const alert = within(queue()).getByRole('alert');
    expect(alert).toHaveTextContent('Your AI/ML API balance has run out of credits.');
    await user.click(within(alert).getByRole('button', { name: 'Open billing page' }));
    await waitFor(() => expect(fake.callsTo('shell:open-link')).toEqual([{ link: 'billing' }]));
    expect(fake.openedLinks).toEqual(['billing']);
  });

  it('401: a refused key opens the key settings', async () => {
    const { user } = await renderApp({
      jobs: [failedJob(appError('unauthorized', 'The AI/ML API did not accept your key.', { status: 401 }))],
    });
    await openQueue(user);
    const alert = within(queue()).getByRole('alert');
    expect(alert).toHaveTextContent('The AI/ML API did not accept your key.');
    expect(screen.queryByRole('dialog', { name: 'Settings' })).not.toBeInTheDocument();
    await user.click(within(alert).getByRole('button', { name: 'Open key settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    expect(within(dialog).getByRole('tab', { name: 'Account & key' })).toHaveAttribute('aria-selected', 'true');
    expect(within(dialog).getByLabelText('API key')).toHaveFocus();
  });

  it('phrases a content violation as a policy refusal, with nothing to fix in Settings', async () => {
    const { user } = await renderApp({
      jobs: [
        failedJob(appError('content-violation', 'The API refused this prompt on content-policy grounds, so no image was made.', { status: 422 }), {
          state: 'refused',
        }),
      ],
    });
    await openQueue(user);
    const alert = within(queue()).getByRole('alert');
    expect(alert).toHaveTextContent('The API refused this prompt on content-policy grounds, so no image was made.');
    expect(within(queue()).getByRole('listitem')).toHaveTextContent('Refused by policy');
    expect(within(alert).queryByRole('button', { name: /settings/i })).not.toBeInTheDocument();
  });

  it('a server error that may have been charged says so on Retry, which is not the primary button', async () => {
    const { fake, user } = await renderApp({
      jobs: [
        failedJob(
          appError('timeout', 'The API did not answer within 2 minutes; the request may have been charged, so it was not sent again.', {
            mayHaveBeenCharged: true,
          }),
          {
            mayHaveBeenCharged: true,
          },
        ),
      ],
    });
    await openQueue(user);
    const item = within(queue()).getByRole('listitem');
    expect(within(item).getByRole('alert')).toHaveTextContent(/may have been charged/);
    const retry = within(item).getByRole('button', { name: 'Retry (new charge)' });
    expect(retry).not.toHaveClass('button-primary');
    await user.click(retry);
    await waitFor(() => expect(fake.callsTo('queue:retry')).toHaveLength(1));
  });

  it('a failed download offers Download again, which costs nothing', async () => {
    const { fake, user } = await renderApp({
      jobs: [failedJob(appError('download-failed', 'The image could not be downloaded.'), { sourceUrl: 'https://cdn.example/a.png' })],
    });
    await openQueue(user);
    const item = within(queue()).getByRole('listitem');
    const download = within(item).getByRole('button', { name: 'Download again' });
    expect(download).toHaveAccessibleDescription(/No new charge/);
    await user.click(download);
    await waitFor(() => expect(fake.callsTo('queue:download-again')).toHaveLength(1));
  });

  it('a budget refusal from main points to the budget in Settings', async () => {
    const { fake, user } = await renderApp();
    fake.reply('generate:enqueue', fail(appError('budget-exceeded', 'Today’s spending has reached your daily budget.')));
    await user.type(screen.getByRole('textbox', { name: 'Prompt' }), 'One more');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Today’s spending has reached your daily budget.');
    await user.click(within(alert).getByRole('button', { name: 'Open settings' }));
    expect(screen.getByRole('dialog', { name: 'Settings' })).toBeInTheDocument();
  });
});
