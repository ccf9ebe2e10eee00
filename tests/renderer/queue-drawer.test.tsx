import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeJob } from './support/fake-data';
import { activityIndicator, openQueue } from './support/queue-drawer';
import { renderApp } from './support/render-app';

const queueRegion = () => screen.queryByRole('region', { name: 'Queue' });

describe('activity indicator and queue drawer', () => {
  it('is quiet when idle, and says what runs and what the batch has cost so far', async () => {
    const done = makeJob({ batchId: 'b', prompt: 'first', state: 'done', itemId: 'i', credits: 126_000 });
    const running = makeJob({ batchId: 'b', prompt: 'second', state: 'sending', startedAt: Date.now() });
    const waiting = makeJob({ batchId: 'b', prompt: 'third', state: 'queued' });
    const { fake } = await renderApp({ jobs: [done, running, waiting] });
    expect(activityIndicator()).toHaveAccessibleName('Queue 1 running · 1 waiting · $0.063');

    act(() => void fake.finishJob(running.id));
    act(() => void fake.finishJob(waiting.id));
    // Idle: only its name; the finished batch's cost is in Spending, not repeated here.
    await waitFor(() => expect(activityIndicator()).toHaveAccessibleName('Queue'));
  });

  it('names failures while idle, and a paused queue', async () => {
    const { fake } = await renderApp({ jobs: [makeJob({ state: 'failed' })] });
    expect(activityIndicator()).toHaveAccessibleName('Queue 1 failed');
    act(() => {
      fake.addJob(makeJob({ batchId: 'later', state: 'queued' }));
      fake.emit('queue:status', { paused: true, concurrency: 3 });
    });
    expect(activityIndicator()).toHaveAccessibleName('Queue 1 waiting (paused)');
  });

  it('opens the queue in a drawer titled Queue, which stays open while the gallery is used, and closes with Escape', async () => {
    const { user } = await renderApp({ jobs: [makeJob({ prompt: 'Harbour at dawn' })] });
    // The workspace no longer holds the queue: it is one click away.
    expect(queueRegion()).not.toBeInTheDocument();
    expect(activityIndicator()).toHaveAttribute('aria-expanded', 'false');

    const region = await openQueue(user);
    const drawer = screen.getByRole('dialog', { name: 'Queue' });
    expect(drawer).toContainElement(region);
    // Docked in the studio beside the workspace (a column in the inspector's place), not laid over it from the body.
    expect(drawer.parentElement).toHaveClass('studio');
    expect(drawer.parentElement).toContainElement(screen.getByRole('main'));
    expect(screen.getByRole('main')).not.toContainElement(drawer);
    expect(within(region).getByRole('listitem')).toHaveTextContent('Harbour at dawn');
    expect(activityIndicator()).toHaveAttribute('aria-expanded', 'true');

    // Working in the studio does not close it.
    await user.click(screen.getByRole('textbox', { name: 'Prompt' }));
    await user.keyboard('more');
    expect(screen.getByRole('dialog', { name: 'Queue' })).toBeInTheDocument();

    await user.click(within(drawer).getByRole('button', { name: 'Close queue' }));
    await waitFor(() => expect(queueRegion()).not.toBeInTheDocument());
    expect(activityIndicator()).toHaveFocus();

    await openQueue(user);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(queueRegion()).not.toBeInTheDocument());
  });
});
