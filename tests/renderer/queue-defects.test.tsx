import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { appError, fail } from '../../electron/shared/errors';
import { OFFLINE_TEXT } from '../../renderer/src/features/network/offline-banner';
import { EMPTY_COST, makeJob } from './support/fake-data';
import { openQueue } from './support/queue-drawer';
import { renderApp } from './support/render-app';

/** The drawer's row for the job whose prompt contains `text`. */
const row = (text: string) => {
  const found = within(screen.getByRole('region', { name: 'Queue' }))
    .queryAllByRole('listitem')
    .find((item) => item.textContent?.includes(text));
  if (!found) throw new Error(`No queue row with "${text}"`);
  return found;
};
const occurrences = (text: string | null | undefined, phrase: RegExp) => (text ?? '').match(new RegExp(phrase.source, 'gi'))?.length ?? 0;

describe('defect 1: an error is said once, with its action', () => {
  it('a refused key: main’s sentence and Open key settings, no headline or hint repeating it', async () => {
    const message = 'The API did not accept the API key; check the key in Settings.';
    const { user } = await renderApp({ jobs: [makeJob({ prompt: 'keyless', state: 'failed', error: appError('unauthorized', message, { status: 401 }) })] });
    await openQueue(user);
    const alert = within(row('keyless')).getByRole('alert');
    const buttons = within(alert)
      .getAllByRole('button')
      .map((button) => button.textContent)
      .join('');
    expect(alert.textContent).toBe(`${message}${buttons}`);
    expect(buttons).toBe('Open key settingsRetryDetails');
  });

  it('the restart card: not “Something went wrong”, “may have been charged” once, and the Download again it offers', async () => {
    const interruptedError = appError(
      'interrupted',
      'Reverie stopped while this request was out; it may have been charged. Retry sends it again (a new charge); Download again fetches the image if the API had already answered.',
      { mayHaveBeenCharged: true },
    );
    const out = makeJob({ prompt: 'was sending', state: 'interrupted', mayHaveBeenCharged: true, error: interruptedError });
    const answered = makeJob({
      prompt: 'was downloading',
      state: 'interrupted',
      mayHaveBeenCharged: true,
      sourceUrl: 'https://cdn.example/y.png',
      error: interruptedError,
    });
    const { fake, user } = await renderApp({ jobs: [out, answered] });
    await openQueue(user);

    for (const prompt of ['was sending', 'was downloading']) {
      expect(row(prompt)).not.toHaveTextContent('Something went wrong');
      expect(occurrences(row(prompt).textContent, /may have been charged|was paid for/)).toBe(1);
    }
    // Download again is offered where the API had answered (a link is kept), and only said there.
    expect(within(row('was sending')).queryByRole('button', { name: 'Download again' })).not.toBeInTheDocument();
    expect(row('was sending')).not.toHaveTextContent(/Download again/);
    const download = within(row('was downloading')).getByRole('button', { name: 'Download again' });
    expect(download).toHaveClass('button-primary');
    await user.click(download);
    await waitFor(() => expect(fake.callsTo('queue:download-again')).toEqual([{ jobId: answered.id }]));
  });
});

describe('defect 2: offline, waiting jobs wait', () => {
  it('a job put back to wait for the network says so, with no red card; the banner is app-wide', async () => {
    const waiting = makeJob({
      prompt: 'held back',
      state: 'queued',
      attempts: 1,
      error: appError('network', 'Could not reach the API at api.aimlapi.com; check the internet connection and the API address in Settings.'),
    });
    const { user } = await renderApp({ jobs: [waiting], network: { online: false } });
    await openQueue(user);
    expect(row('held back')).toHaveTextContent('Waiting for the network');
    expect(within(row('held back')).queryByRole('alert')).not.toBeInTheDocument();
    expect(row('held back')).not.toHaveTextContent(/could not|Failed/i);

    const banner = await screen.findByText(OFFLINE_TEXT);
    expect(banner.closest('main')).toBeNull();
    expect(banner.closest('form')).toBeNull();
  });
});

describe('defect 3: no stale messages', () => {
  it('Retry replaces the failed job: its 401 card goes once the retry succeeds, and the batch stays one image', async () => {
    const failed = makeJob({
      batchId: 'one',
      prompt: 'one image',
      state: 'failed',
      error: appError('unauthorized', 'The API did not accept the API key.', { status: 401 }),
    });
    const { fake, user } = await renderApp({ jobs: [failed] });
    const queue = await openQueue(user);
    await user.click(within(row('one image')).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(fake.callsTo('queue:retry')).toHaveLength(1));
    await waitFor(() => expect(within(queue).getAllByRole('listitem')).toHaveLength(1));

    const fresh = [...fake.jobs.values()].find((job) => job.id !== failed.id)!;
    act(() => void fake.finishJob(fresh.id));
    await waitFor(() => expect(row('one image')).toHaveTextContent('Done'));
    expect(within(queue).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(queue).getByRole('group')).toHaveTextContent('1 of 1 done');
  });

  it('a paid image’s job is kept when Retry pays again, so its Download again is not lost', async () => {
    const lost = makeJob({
      prompt: 'lost',
      state: 'failed',
      sourceUrl: 'https://cdn.example/z.png',
      error: appError('download-failed', 'The download failed.'),
    });
    const { fake, user } = await renderApp({ jobs: [lost] });
    const queue = await openQueue(user);
    await user.click(within(row('lost')).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(fake.jobs.size).toBe(2));
    expect(fake.callsTo('queue:dismiss')).toHaveLength(0);

    // The retry is a batch of its own (as main files it): the one-image request never reads "1 of 2 done".
    const fresh = [...fake.jobs.values()].find((job) => job.id !== lost.id)!;
    act(() => void fake.finishJob(fresh.id));
    await waitFor(() => expect(within(queue).getAllByRole('group')).toHaveLength(2));
    const [newest, older] = within(queue).getAllByRole('group');
    expect(newest).toHaveTextContent('Batch of 1 image');
    expect(newest).toHaveTextContent('1 of 1 done');
    expect(older).toHaveTextContent('0 of 1 done');
    expect(within(older!).getByRole('button', { name: 'Download again' })).toHaveClass('button-primary');
    expect(queue).not.toHaveTextContent(/of 2 done/);
  });

  it('“Daily budget reached” goes when the budget is raised: the job offers Retry instead', async () => {
    const stopped = makeJob({
      prompt: 'over budget',
      state: 'failed',
      error: appError('budget-exceeded', "Today's budget of $1.00 is reached ($1.02 spent). Raise it in Settings or wait until tomorrow."),
    });
    const { fake, user } = await renderApp({ jobs: [stopped], cost: { dailyBudgetUsd: 1, budgetReached: true, todayCredits: 2_040_000 } });
    await openQueue(user);
    expect(within(row('over budget')).getByRole('button', { name: 'Open settings' })).toBeInTheDocument();

    act(() => fake.emit('cost:changed', { ...EMPTY_COST, todayCredits: 2_040_000, dailyBudgetUsd: null, budgetReached: false }));
    expect(row('over budget')).not.toHaveTextContent('budget of $1.00 is reached');
    expect(within(row('over budget')).queryByRole('button', { name: 'Open settings' })).not.toBeInTheDocument();
    expect(within(row('over budget')).getByRole('button', { name: 'Retry' })).toHaveClass('button-primary');
  });

  it('a Retry refused for the budget is no longer shown once the budget is removed', async () => {
    const failed = makeJob({ prompt: 'try later', state: 'failed', error: appError('server-error', 'The API failed.') });
    const { fake, user } = await renderApp({ jobs: [failed] });
    await openQueue(user);
    fake.reply('queue:retry', fail(appError('budget-exceeded', 'This would pass today’s budget of $1.00.')));
    await user.click(within(row('try later')).getByRole('button', { name: 'Retry' }));
    expect(await within(row('try later')).findByText('This would pass today’s budget of $1.00.')).toBeInTheDocument();

    act(() => fake.emit('cost:changed', { ...EMPTY_COST, dailyBudgetUsd: null, budgetReached: false }));
    expect(within(row('try later')).queryByText('This would pass today’s budget of $1.00.')).not.toBeInTheDocument();
  });
});

describe('defect 4: Download again is the easy click, and says when it failed again', () => {
  it('Download again is primary; Retry is plain and marked as a new charge', async () => {
    const lost = makeJob({
      prompt: 'paid image',
      state: 'failed',
      mayHaveBeenCharged: true,
      sourceUrl: 'https://cdn.example/p.png',
      error: appError('download-failed', 'The image could not be downloaded; the link is kept in the details to try again later.'),
    });
    const { fake, user } = await renderApp({ jobs: [lost] });
    await openQueue(user);
    const actions = within(row('paid image')).getAllByRole('button');
    const download = within(row('paid image')).getByRole('button', { name: 'Download again' });
    const retry = within(row('paid image')).getByRole('button', { name: 'Retry (new charge)' });
    expect(download).toHaveClass('button-primary');
    expect(retry).not.toHaveClass('button-primary');
    expect(actions.indexOf(download)).toBeLessThan(actions.indexOf(retry));

    // It fails again: the job says that this was a second try, not the same words as before.
    await user.click(download);
    await waitFor(() => expect(row('paid image')).toHaveTextContent('Downloading'));
    act(() => void fake.updateJob(lost.id, { state: 'failed', error: lost.error }));
    expect(row('paid image')).toHaveTextContent('Download again was tried once more and failed');
  });

  it('a Download again main refuses is said at the job, where the click was', async () => {
    const lost = makeJob({
      prompt: 'no link',
      state: 'failed',
      sourceUrl: 'https://cdn.example/q.png',
      error: appError('download-failed', 'The download failed.'),
    });
    const { fake, user } = await renderApp({ jobs: [lost] });
    await openQueue(user);
    fake.reply('queue:download-again', fail(appError('invalid-input', 'This job is still stopping; try again in a moment.')));
    await user.click(within(row('no link')).getByRole('button', { name: 'Download again' }));
    const refusal = await within(row('no link')).findByText('This job is still stopping; try again in a moment.');
    expect(refusal).toHaveAttribute('role', 'alert');
  });
});
