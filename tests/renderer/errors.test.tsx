import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { appError, fail } from '../../electron/shared/errors';
import { makeJob } from './support/fake-data';
import { renderApp } from './support/render-app';

const queue = () => screen.getByRole('region', { name: 'Queue' });
const failedJob = (error: ReturnType<typeof appError>, extra: Parameters<typeof makeJob>[0] = {}) =>
  makeJob({ prompt: 'A failing prompt', state: 'failed', error, ...extra });

describe('errors the user can act on', () => {
  it('403: out of credits offers the billing page, opened by name', async () => {
    const { fake, user } = await renderApp({
      jobs: [failedJob(appError('out-of-credits', 'Your AI/ML API balance has run out of credits.', { status: 403 }))],
    });
    const alert = within(queue()).getByRole('alert');
    expect(alert).toHaveTextContent('Out of credits');
    expect(alert).toHaveTextContent('Your AI/ML API balance has run out of credits.');
    await user.click(within(alert).getByRole('button', { name: 'Open billing page' }));
    await waitFor(() => expect(fake.callsTo('shell:open-link')).toEqual([{ link: 'billing' }]));
    expect(fake.openedLinks).toEqual(['billing']);
  });

  it('401: a refused key opens the key settings', async () => {
    const { user } = await renderApp({
      jobs: [failedJob(appError('unauthorized', 'The AI/ML API did not accept your key.', { status: 401 }))],
    });
    const alert = within(queue()).getByRole('alert');
    expect(alert).toHaveTextContent('The API key was not accepted');
    expect(screen.queryByRole('region', { name: 'Settings' })).not.toBeInTheDocument();
    await user.click(within(alert).getByRole('button', { name: 'Open key settings' }));
    expect(screen.getByRole('region', { name: 'Settings' })).toBeInTheDocument();
    expect(screen.getByLabelText('API key')).toHaveFocus();
  });

  it('phrases a content violation as a policy refusal, with nothing to fix in Settings', async () => {
    await renderApp({
      jobs: [failedJob(appError('content-violation', 'The request was flagged.', { status: 422 }), { state: 'refused' })],
    });
    const alert = within(queue()).getByRole('alert');
    expect(alert).toHaveTextContent('Refused under the content policy');
    expect(alert).toHaveTextContent('The request was flagged.');
    expect(alert).toHaveTextContent(/declined this prompt because of its content policy/);
    expect(within(alert).queryByRole('button', { name: /settings/i })).not.toBeInTheDocument();
  });

  it('a server error that may have been charged warns before Retry charges again', async () => {
    const { fake, user } = await renderApp({
      jobs: [failedJob(appError('timeout', 'The API took too long to answer.', { mayHaveBeenCharged: true }), { mayHaveBeenCharged: true })],
    });
    const item = within(queue()).getByRole('listitem');
    expect(within(item).getByRole('alert')).toHaveTextContent(/may have been charged/);
    const retry = within(item).getByRole('button', { name: 'Retry' });
    expect(retry).toHaveAccessibleDescription('Send again (new charge)');
    await user.click(retry);
    await waitFor(() => expect(fake.callsTo('queue:retry')).toHaveLength(1));
  });

  it('a failed download offers Download again, which costs nothing', async () => {
    const { fake, user } = await renderApp({
      jobs: [failedJob(appError('download-failed', 'The image could not be downloaded.'), { sourceUrl: 'https://cdn.example/a.png' })],
    });
    const item = within(queue()).getByRole('listitem');
    expect(within(item).getByRole('alert')).toHaveTextContent(/without a new charge/);
    await user.click(within(item).getByRole('button', { name: 'Download again' }));
    await waitFor(() => expect(fake.callsTo('queue:download-again')).toHaveLength(1));
  });

  it('a budget refusal from main points to the budget in Settings', async () => {
    const { fake, user } = await renderApp();
    fake.reply('generate:enqueue', fail(appError('budget-exceeded', 'Today’s spending has reached your daily budget.')));
    await user.type(screen.getByRole('textbox', { name: 'Prompt' }), 'One more');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Daily budget reached');
    await user.click(within(alert).getByRole('button', { name: 'Open settings' }));
    expect(screen.getByRole('region', { name: 'Settings' })).toBeInTheDocument();
  });
});
