import { act, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { appError } from '../../electron/shared/errors';
import { GalleryJobs } from './support/gallery-jobs';
import { makeJob } from './support/fake-data';
import { openQueue } from './support/queue-drawer';
import { renderApp } from './support/render-app';

/**
 * Issue 11, defect 3: once a request is accepted with the key the user fixed, the other jobs the
 * old key had refused stop telling them to fix the key, and offer Retry (one at a time, or all).
 */

const REFUSED_AT = 1_700_000_100_000;
const keyRefused = (prompt: string, finishedAt = REFUSED_AT) =>
  makeJob({
    batchId: 'refused',
    prompt,
    state: 'failed',
    startedAt: finishedAt - 500,
    finishedAt,
    error: appError('unauthorized', 'The API did not accept the API key; check the key in Settings.', { status: 401 }),
  });

const row = (text: string) => {
  const found = within(screen.getByRole('region', { name: 'Queue' }))
    .queryAllByRole('listitem')
    .find((item) => item.textContent?.includes(text));
  if (!found) throw new Error(`No queue row with "${text}"`);
  return found;
};
const tile = (text: string) => {
  const found = within(screen.getByRole('list', { name: 'Gallery jobs' }))
    .queryAllByRole('group')
    .find((group) => group.textContent?.includes(text));
  if (!found) throw new Error(`No job tile with "${text}"`);
  return found;
};

describe('defect 3: key refusals a working key made stale', () => {
  it('after a request sent since is accepted, the other 401 jobs offer a plain Retry instead of Open key settings', async () => {
    const first = keyRefused('first refused');
    const second = keyRefused('second refused');
    const accepted = makeJob({ batchId: 'later', prompt: 'sent with the fixed key', state: 'queued' });
    const { fake, user } = await renderApp({ jobs: [first, second, accepted] });
    render(<GalleryJobs />);
    await openQueue(user);
    expect(within(row('first refused')).getByRole('button', { name: 'Open key settings' })).toBeInTheDocument();
    expect(within(tile('second refused')).getByRole('button', { name: 'Open key settings' })).toBeInTheDocument();

    // Sent after the refusals came back; refused for the key, it would have ended failed, not downloading.
    act(() => void fake.updateJob(accepted.id, { state: 'sending', startedAt: REFUSED_AT + 60_000 }));
    expect(within(row('first refused')).getByRole('button', { name: 'Open key settings' })).toBeInTheDocument();
    act(() => void fake.updateJob(accepted.id, { state: 'downloading' }));

    for (const prompt of ['first refused', 'second refused']) {
      await waitFor(() => expect(within(row(prompt)).queryByRole('button', { name: 'Open key settings' })).not.toBeInTheDocument());
      expect(row(prompt)).toHaveTextContent('The API refused the key in use when this was sent, and accepted a request sent since. Nothing was charged');
      expect(within(row(prompt)).queryByRole('alert')).not.toBeInTheDocument();
      const retry = within(row(prompt)).getByRole('button', { name: 'Retry' });
      expect(retry).toHaveClass('button-primary');
      // The gallery's tile says it in a few words, with the same one click.
      expect(tile(prompt)).toHaveAccessibleName(`Refused by the key then: ${prompt}`);
      expect(within(tile(prompt)).queryByRole('button', { name: 'Open key settings' })).not.toBeInTheDocument();
      expect(within(tile(prompt)).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    }
    // Nothing was sent by itself.
    expect(fake.callsTo('queue:retry')).toEqual([]);

    // Still so after the job that proved the key leaves the list.
    act(() => void fake.finishJob(accepted.id));
    await user.click(within(row('sent with the fixed key')).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Queue' })).getAllByRole('listitem')).toHaveLength(2));
    expect(within(row('first refused')).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(within(row('first refused')).queryByRole('button', { name: 'Open key settings' })).not.toBeInTheDocument();
  });

  it('one action in the queue retries every request the old key refused, and only those', async () => {
    const first = keyRefused('first refused');
    const second = keyRefused('second refused');
    const other = makeJob({
      batchId: 'other',
      prompt: 'a server failure',
      state: 'failed',
      finishedAt: REFUSED_AT,
      error: appError('server-error', 'The API failed.'),
    });
    const accepted = makeJob({ batchId: 'later', prompt: 'sent with the fixed key', state: 'sending', startedAt: REFUSED_AT + 60_000 });
    const { fake, user } = await renderApp({ jobs: [first, second, other, accepted] });
    const queue = await openQueue(user);
    expect(within(queue).queryByRole('button', { name: /refused requests/ })).not.toBeInTheDocument();

    act(() => void fake.finishJob(accepted.id));
    const retryAll = await within(queue).findByRole('button', { name: 'Retry 2 refused requests' });
    expect(queue).toHaveTextContent('2 requests were refused by the key in use then.');
    await user.click(retryAll);
    await waitFor(() => expect(fake.callsTo('queue:retry')).toHaveLength(2));
    expect(
      fake
        .callsTo('queue:retry')
        .map((call) => call.jobId)
        .sort(),
    ).toEqual([first.id, second.id].sort());
    // Each retried job is replaced by its retry (as Retry on one does); the banner goes with them.
    await waitFor(() => expect(within(queue).queryByRole('button', { name: /refused requests/ })).not.toBeInTheDocument());
    expect(fake.jobs.has(first.id)).toBe(false);
    expect(fake.jobs.has(second.id)).toBe(false);
    expect(fake.jobs.has(other.id)).toBe(true);
  });

  it('a refusal that came back after the accepted request was sent still asks for the key', async () => {
    const accepted = makeJob({ batchId: 'earlier', prompt: 'accepted first', state: 'sending', startedAt: REFUSED_AT - 60_000 });
    const refusedLater = keyRefused('refused after it');
    const { fake, user } = await renderApp({ jobs: [accepted, refusedLater] });
    await openQueue(user);
    act(() => void fake.updateJob(accepted.id, { state: 'downloading' }));
    await waitFor(() => expect(row('accepted first')).toHaveTextContent('Downloading'));
    expect(within(row('refused after it')).getByRole('button', { name: 'Open key settings' })).toBeInTheDocument();
    expect(within(row('refused after it')).getByRole('alert')).toBeInTheDocument();
  });

  it('Download again (a link fetched without the key) proves nothing about the key', async () => {
    const paid = makeJob({
      batchId: 'paid',
      prompt: 'paid earlier',
      state: 'failed',
      sourceUrl: 'https://cdn.example/p.png',
      mayHaveBeenCharged: true,
      finishedAt: REFUSED_AT - 1000,
      error: appError('download-failed', 'The download failed.'),
    });
    const refused = keyRefused('refused now');
    const { fake, user } = await renderApp({ jobs: [paid, refused] });
    await openQueue(user);
    await user.click(within(row('paid earlier')).getByRole('button', { name: 'Download again' }));
    await waitFor(() => expect(row('paid earlier')).toHaveTextContent('Downloading'));
    act(() => void fake.finishJob(paid.id));
    await waitFor(() => expect(row('paid earlier')).toHaveTextContent('Done'));
    expect(within(row('refused now')).getByRole('button', { name: 'Open key settings' })).toBeInTheDocument();
  });
});
