import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appError } from '../../electron/shared/errors';
import { useQueueStore } from '../../renderer/src/stores/queue-store';
import { makeJob } from './support/fake-data';
import { openQueue } from './support/queue-drawer';
import { renderApp } from './support/render-app';

/** The queue drawer's region; each test opens the drawer from the header first (openQueue). */
const queue = () => screen.getByRole('region', { name: 'Queue' });
const rows = () => within(queue()).queryAllByRole('listitem');
/** The list item of the job whose prompt excerpt contains `text`. */
const row = (text: string) => {
  const found = rows().find((item) => item.textContent?.includes(text));
  if (!found) throw new Error(`No queue row with "${text}"`);
  return found;
};

afterEach(() => {
  vi.useRealTimers();
});

describe('queue', () => {
  it('mirrors main’s queue at startup and follows job events, in words', async () => {
    const job = makeJob({ prompt: 'Harbour at dawn', aspectRatio: '16:9' });
    const { fake, user } = await renderApp({ jobs: [job] });
    await openQueue(user);

    const item = row('Harbour at dawn');
    expect(item).toHaveTextContent('16:9');
    expect(item).toHaveTextContent('Queued');
    expect(within(item).getByRole('button', { name: 'Cancel' })).toBeInTheDocument();
    expect(within(item).queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
    expect(within(item).queryByRole('button', { name: 'Dismiss' })).not.toBeInTheDocument();

    const words: [Parameters<typeof fake.updateJob>[1], string][] = [
      [{ state: 'sending', startedAt: Date.now() }, 'Sending'],
      [{ state: 'downloading' }, 'Downloading'],
      [{ state: 'saving' }, 'Saving'],
      [{ state: 'done', finishedAt: Date.now(), credits: 126_000, itemId: 'item-1' }, 'Done'],
    ];
    for (const [patch, text] of words) {
      act(() => void fake.updateJob(job.id, patch));
      expect(row('Harbour at dawn')).toHaveTextContent(text);
    }
    expect(row('Harbour at dawn')).toHaveTextContent('$0.063');
    expect(within(row('Harbour at dawn')).queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    expect(within(row('Harbour at dawn')).getByRole('button', { name: 'Dismiss' })).toBeInTheDocument();
  });

  it('words every end state, with elapsed time from start to finish', async () => {
    const base = { startedAt: 1_000_000, finishedAt: 1_012_000 };
    const jobs = [
      makeJob({ ...base, prompt: 'one failed', aspectRatio: '1:1', state: 'failed' }),
      makeJob({ ...base, prompt: 'two cancelled', aspectRatio: '1:1', state: 'cancelled' }),
      makeJob({ ...base, prompt: 'three refused', aspectRatio: '1:1', state: 'refused' }),
      makeJob({
        ...base,
        prompt: 'four interrupted',
        aspectRatio: '1:1',
        state: 'interrupted',
        mayHaveBeenCharged: true,
      }),
    ];
    const { user } = await renderApp({ jobs });
    await openQueue(user);
    expect(row('one failed')).toHaveTextContent('Failed');
    expect(row('one failed')).toHaveTextContent('12 s');
    expect(row('two cancelled')).toHaveTextContent('Cancelled');
    expect(row('three refused')).toHaveTextContent('Refused by policy');
    expect(row('four interrupted')).toHaveTextContent('Interrupted');
    expect(row('four interrupted')).toHaveTextContent('may have been charged');
    for (const item of rows()) {
      expect(within(item).getByRole('button', { name: /^Retry/ })).toBeInTheDocument();
      expect(within(item).getByRole('button', { name: 'Dismiss' })).toBeInTheDocument();
      expect(within(item).queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    }
    // Only a job that may already have been charged says on its button that Retry charges again.
    expect(within(row('four interrupted')).getByRole('button', { name: 'Retry (new charge)' })).toBeInTheDocument();
    expect(within(row('one failed')).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('counts down a retry-wait job live', async () => {
    const { fake, user } = await renderApp();
    await openQueue(user);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    act(() => {
      fake.addJob(
        makeJob({
          prompt: 'Rate limited',
          state: 'retry-wait',
          startedAt: Date.now(),
          retryAt: Date.now() + 12_000,
          attempts: 1,
          error: appError('rate-limited', 'The API is rate limiting requests.', { status: 429, retryAfterSeconds: 12 }),
        }),
      );
    });
    expect(row('Rate limited')).toHaveTextContent('Retrying in 12 s');
    // Being handled: shown, with details, but not an alert.
    expect(within(row('Rate limited')).queryByRole('alert')).not.toBeInTheDocument();
    expect(row('Rate limited')).toHaveTextContent('The API is rate limiting requests.');
    expect(within(row('Rate limited')).getByRole('button', { name: 'Cancel' })).toBeInTheDocument();

    act(() => void vi.advanceTimersByTime(3000));
    expect(row('Rate limited')).toHaveTextContent('Retrying in 9 s');
    act(() => void vi.advanceTimersByTime(9000));
    expect(row('Rate limited')).toHaveTextContent('Retrying now');
  });

  it('sends Cancel, Retry, Download again and Dismiss with the job’s id', async () => {
    const running = makeJob({ prompt: 'running job', state: 'sending', startedAt: Date.now() });
    const failed = makeJob({
      prompt: 'failed job',
      state: 'failed',
      error: appError('server-error', 'The image service had a problem.', { status: 502, detail: 'upstream reset' }),
    });
    const lost = makeJob({
      prompt: 'lost download',
      state: 'failed',
      sourceUrl: 'https://cdn.example/x.png',
      error: appError('download-failed', 'The image could not be downloaded.'),
    });
    const done = makeJob({ prompt: 'finished job', state: 'done', itemId: 'item', credits: 126_000 });
    const { fake, user } = await renderApp({ jobs: [running, failed, lost, done] });
    await openQueue(user);

    await user.click(within(row('running job')).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(row('running job')).toHaveTextContent('Cancelled'));
    expect(fake.callsTo('queue:cancel')).toEqual([{ jobId: running.id }]);

    await user.click(within(row('failed job')).getByRole('button', { name: 'Retry' }));
    // Main answers with a new job; it replaces the failed one, which leaves the queue.
    await waitFor(() => expect(row('failed job')).toHaveTextContent('Queued'));
    expect(fake.callsTo('queue:retry')).toEqual([{ jobId: failed.id }]);
    await waitFor(() => expect(fake.callsTo('queue:dismiss')).toEqual([{ jobId: failed.id }]));
    expect(rows().filter((item) => item.textContent?.includes('failed job'))).toHaveLength(1);

    // Download again only where a paid image is waiting at its link.
    expect(within(row('finished job')).queryByRole('button', { name: 'Download again' })).not.toBeInTheDocument();
    const lostRow = row('lost download');
    expect(within(lostRow).getByRole('alert')).toHaveTextContent('The image could not be downloaded');
    await user.click(within(lostRow).getByRole('button', { name: 'Download again' }));
    await waitFor(() => expect(row('lost download')).toHaveTextContent('Downloading'));
    expect(fake.callsTo('queue:download-again')).toEqual([{ jobId: lost.id }]);

    await user.click(within(row('finished job')).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(within(queue()).queryByText('finished job')).not.toBeInTheDocument());
    expect(fake.callsTo('queue:dismiss')).toEqual([{ jobId: failed.id }, { jobId: done.id }]);
  });

  it('shows the raw error behind Details', async () => {
    const failed = makeJob({
      state: 'failed',
      prompt: 'broken',
      aspectRatio: '3:2',
      error: appError('bad-response', 'The API answered with something Reverie could not read.', {
        status: 200,
        detail: '{"data":[{"oops":true}]}',
        requestId: 'rsid-42',
      }),
    });
    const { user } = await renderApp({ jobs: [failed] });
    await openQueue(user);
    const alert = within(row('broken')).getByRole('alert');
    expect(alert).toHaveTextContent('The API answered with something Reverie could not read.');
    expect(screen.queryByText(/"oops":true/)).not.toBeInTheDocument();
    await user.click(within(alert).getByRole('button', { name: 'Details' }));
    const details = await screen.findByRole('dialog', { name: 'Error details' });
    const raw = within(details).getByText(/"oops":true/);
    expect(raw).toBeVisible();
    expect(raw).toHaveTextContent('HTTP status: 200');
    expect(raw).toHaveTextContent('Request id: rsid-42');
  });

  it('lists batches newest first with their cost, and follows removals', async () => {
    const older = (text: string, credits: number | null) =>
      makeJob({
        batchId: 'older',
        createdAt: 1000,
        prompt: text,
        state: credits === null ? 'sending' : 'done',
        credits,
      });
    const first = older('older A', 126_000);
    const second = older('older B', 100_000);
    const third = older('older C', null);
    const newer = makeJob({ batchId: 'newer', createdAt: 5000, prompt: 'newer', aspectRatio: '1:1' });
    const { fake, user } = await renderApp({ jobs: [first, newer, second, third] });
    await openQueue(user);

    const batches = within(queue()).getAllByRole('group');
    expect(batches).toHaveLength(2);
    expect(within(batches[0]!).getByRole('heading')).toHaveTextContent('Batch of 1 image');
    const olderHeading = within(batches[1]!).getByRole('heading');
    expect(olderHeading).toHaveTextContent('Batch of 3 images');
    expect(olderHeading).toHaveTextContent('2 of 3 done');
    expect(olderHeading).toHaveTextContent('$0.113 so far');
    expect(rows().map((item) => item.querySelector('.job-prompt')?.textContent)).toEqual(['newer', 'older A', 'older B', 'older C']);

    act(() => fake.emit('queue:jobs-removed', { jobIds: [first.id, second.id] }));
    expect(rows()).toHaveLength(2);
    act(() => fake.emit('queue:jobs-removed', { jobIds: [newer.id] }));
    expect(within(queue()).getAllByRole('group')).toHaveLength(1);
  });

  it('updates a known job in place: one Map, same batches, no copies', async () => {
    const job = makeJob();
    const { fake } = await renderApp({ jobs: [job] });
    const before = useQueueStore.getState();
    act(() => void fake.updateJob(job.id, { state: 'sending', startedAt: Date.now() }));
    const after = useQueueStore.getState();
    expect(after.jobs).toBe(before.jobs);
    expect(after.batches).toBe(before.batches);
    expect(after.jobs.get(job.id)?.state).toBe('sending');
    expect(after.revision).toBe(before.revision + 1);
  });

  it('holds jobs from the last session until the user resumes', async () => {
    const waiting = [makeJob({ state: 'queued' }), makeJob({ state: 'queued' }), makeJob({ state: 'retry-wait', retryAt: Date.now() })];
    const { fake, user } = await renderApp({ jobs: waiting, paused: true });
    await openQueue(user);
    expect(queue()).toHaveTextContent('3 jobs from your last session are waiting');
    // One Cancel all, in the banner.
    expect(within(queue()).getAllByRole('button', { name: 'Cancel all' })).toHaveLength(1);

    await user.click(within(queue()).getByRole('button', { name: 'Resume queue' }));
    await waitFor(() => expect(queue()).not.toHaveTextContent('from your last session'));
    expect(fake.callsTo('queue:resume')).toHaveLength(1);
  });

  it('can cancel everything from the paused banner', async () => {
    const { fake, user } = await renderApp({ jobs: [makeJob({ state: 'queued' })], paused: true });
    await openQueue(user);
    expect(queue()).toHaveTextContent('1 job from your last session is waiting');
    await user.click(within(queue()).getByRole('button', { name: 'Cancel all' }));
    await waitFor(() => expect(rows()[0]).toHaveTextContent('Cancelled'));
    expect(fake.callsTo('queue:cancel-all')).toHaveLength(1);
    expect(queue()).not.toHaveTextContent('from your last session');
  });

  it('cancels all and clears finished jobs', async () => {
    const { fake, user } = await renderApp({
      jobs: [makeJob({ state: 'sending', startedAt: Date.now() }), makeJob({ state: 'queued' }), makeJob({ state: 'done', itemId: 'i' })],
    });
    await openQueue(user);
    expect(queue()).toHaveTextContent('1 running · 1 waiting');
    await user.click(within(queue()).getByRole('button', { name: 'Cancel all' }));
    await waitFor(() => expect(within(queue()).queryByRole('button', { name: 'Cancel all' })).not.toBeInTheDocument());
    expect(fake.callsTo('queue:cancel-all')).toHaveLength(1);

    await user.click(within(queue()).getByRole('button', { name: 'Clear finished' }));
    await waitFor(() => expect(rows()).toHaveLength(0));
    expect(fake.callsTo('queue:clear-finished')).toHaveLength(1);
    expect(queue()).toHaveTextContent('Nothing in the queue.');
  });

  it('shows a refused queue action as an alert', async () => {
    const job = makeJob({ state: 'sending', startedAt: Date.now() });
    const { fake, user } = await renderApp({ jobs: [job] });
    await openQueue(user);
    fake.reply('queue:cancel', { ok: false, error: appError('invalid-input', 'That job is no longer in the queue.') });
    await user.click(within(queue()).getByRole('button', { name: 'Cancel' }));
    expect(await within(queue()).findByRole('alert')).toHaveTextContent('That job is no longer in the queue.');
  });
});

describe('queue replies and events', () => {
  it('keeps the fresher event when an enqueue reply arrives after it', async () => {
    const { fake, user } = await renderApp({ emitOnEnqueue: false });
    await openQueue(user);
    fake.reply('generate:enqueue', async (input) => {
      fake.restore('generate:enqueue');
      const reply = await fake.invoke('generate:enqueue', input);
      // Main started the job while handling the call: its event lands before the reply.
      if (reply.ok) act(() => void fake.updateJob(reply.value[0]!.id, { state: 'sending', startedAt: Date.now() }));
      return reply;
    });
    await user.type(screen.getByRole('textbox', { name: 'Prompt' }), 'Fresh event');
    await user.click(screen.getByRole('button', { name: 'Generate' }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(row('Fresh event')).toHaveTextContent('Sending');
  });

  it('shows the queue of the library main opened in its place after a rebuild (a damaged database set aside takes its jobs with it)', async () => {
    const lost = makeJob({ prompt: 'Lost with the damaged database' });
    const { fake, user } = await renderApp({ jobs: [lost] });
    await openQueue(user);
    expect(row('Lost with the damaged database')).toBeInTheDocument();

    fake.jobs.clear();
    act(() => fake.emit('library:changed', { reason: 'rebuild' }));
    await waitFor(() => expect(rows()).toHaveLength(0));
    // Organizing does not swap the library: no extra reads of the queue for it.
    const reads = fake.callsTo('queue:list').length;
    act(() => fake.emit('library:changed', { reason: 'organize' }));
    expect(fake.callsTo('queue:list')).toHaveLength(reads);
  });
});
