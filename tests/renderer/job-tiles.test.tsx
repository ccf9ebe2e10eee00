import { act, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../electron/shared/domain';
import { appError } from '../../electron/shared/errors';
import { jobTileAspectRatio } from '../../renderer/src/features/queue/job-tile';
import { GalleryJobs } from './support/gallery-jobs';
import { makeJob } from './support/fake-data';
import { renderApp } from './support/render-app';

async function renderTiles(jobs: Job[]) {
  const app = await renderApp({ jobs });
  render(<GalleryJobs />);
  return app;
}

const tiles = () => within(screen.getByRole('list', { name: 'Gallery jobs' })).queryAllByRole('group');
const tile = (prompt: string) => {
  const found = tiles().find((element) => element.textContent?.includes(prompt));
  if (!found) throw new Error(`No job tile for "${prompt}"`);
  return found;
};

describe('job tiles in the gallery', () => {
  it('lists running, waiting and failed jobs, newest batch first; done, dismissed and cancelled ones are not tiles', async () => {
    const jobs = [
      makeJob({ batchId: 'old', createdAt: 1000, prompt: 'old failed', state: 'failed', error: appError('server-error', 'The API failed.') }),
      makeJob({ batchId: 'old', createdAt: 1000, prompt: 'old done', state: 'done', itemId: 'i' }),
      makeJob({ batchId: 'old', createdAt: 1000, prompt: 'old cancelled', state: 'cancelled' }),
      makeJob({ batchId: 'new', createdAt: 5000, prompt: 'new sending', state: 'sending', startedAt: Date.now() }),
      makeJob({ batchId: 'new', createdAt: 5000, prompt: 'new queued', state: 'queued' }),
    ];
    const { fake, user } = await renderTiles(jobs);
    expect(tiles().map((element) => element.querySelector('.job-tile-prompt')?.textContent)).toEqual(['new sending', 'new queued', 'old failed']);

    // A job that finishes turns into its image: its tile goes.
    act(() => void fake.finishJob(jobs[3]!.id));
    await waitFor(() => expect(tiles()).toHaveLength(2));

    await user.click(within(tile('old failed')).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(tiles()).toHaveLength(1));
    expect(fake.callsTo('queue:dismiss')).toEqual([{ jobId: jobs[0]!.id }]);
  });

  it('a pending tile has its image’s aspect ratio, its state, the elapsed time and Cancel', async () => {
    const job = makeJob({ prompt: 'A tall lighthouse', aspectRatio: '9:16', state: 'sending', startedAt: Date.now() - 7000 });
    const { fake, user } = await renderTiles([job]);
    const pending = tile('A tall lighthouse');
    expect(jobTileAspectRatio(job)).toBeCloseTo(768 / 1360);
    expect(pending.style.aspectRatio).toMatch(new RegExp(`^${String(768 / 1360)}( / 1)?$`));
    expect(pending).toHaveTextContent('Sending');
    // Started 7 s before the test rendered it; rendering takes what it takes on a busy machine.
    const elapsed = Number(/(\d+) s/.exec(pending.querySelector('.job-tile-elapsed')?.textContent ?? '')?.[1]);
    expect(elapsed).toBeGreaterThanOrEqual(7);
    await user.click(within(pending).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(fake.callsTo('queue:cancel')).toEqual([{ jobId: job.id }]));
  });

  it('a failed tile is one line of reason, its one primary action and Details with the full error', async () => {
    const refusedKey = makeJob({
      prompt: 'keyless',
      state: 'failed',
      requestId: 'rsid-7',
      error: appError('unauthorized', 'The API did not accept the API key; check the key in Settings.', { status: 401, detail: 'raw 401 body' }),
    });
    const { user } = await renderTiles([refusedKey]);
    const failed = tile('keyless');
    expect(within(failed).getByRole('alert')).toHaveTextContent(/^API key not accepted$/);
    const buttons = within(failed)
      .getAllByRole('button')
      .map((button) => button.getAttribute('aria-label') ?? button.textContent);
    expect(buttons).toEqual(['Dismiss', 'Open key settings', 'Details']);
    expect(within(failed).getByRole('button', { name: 'Open key settings' })).toHaveClass('button-primary');
    // The full sentence waits behind Details.
    expect(failed).not.toHaveTextContent('check the key in Settings');

    await user.click(within(failed).getByRole('button', { name: 'Details' }));
    const details = await screen.findByRole('dialog', { name: 'Error details' });
    expect(details).toHaveTextContent('The API did not accept the API key; check the key in Settings.');
    expect(details).toHaveTextContent('raw 401 body');
    expect(details).toHaveTextContent('HTTP status: 401');
    expect(details).toHaveTextContent('Request id: rsid-7');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Error details' })).not.toBeInTheDocument());
  });

  it('a failed download’s one action is the free Download again; paying again is not on the tile', async () => {
    const lost = makeJob({
      prompt: 'paid but lost',
      state: 'failed',
      sourceUrl: 'https://cdn.example/x.png',
      mayHaveBeenCharged: true,
      error: appError('download-failed', 'The image could not be downloaded; the link is kept in the details to try again later.'),
    });
    const { fake, user } = await renderTiles([lost]);
    const failed = tile('paid but lost');
    expect(within(failed).queryByRole('button', { name: /Retry/ })).not.toBeInTheDocument();
    await user.click(within(failed).getByRole('button', { name: 'Download again' }));
    await waitFor(() => expect(fake.callsTo('queue:download-again')).toEqual([{ jobId: lost.id }]));
  });
});
