import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { appError } from '../../electron/shared/errors';
import { TooltipProvider } from '../../renderer/src/components/tooltip';
import { JobTile } from '../../renderer/src/features/queue/job-tile';
import { makeJob } from './support/fake-data';
import { renderApp } from './support/render-app';

describe("a job's Details", () => {
  it('show the job id as the client request id, and the inference id when the API sent one', async () => {
    const failed = makeJob({
      prompt: 'server trouble',
      state: 'failed',
      requestId: 'rsid-9',
      inferenceId: 'inf-0042',
      error: appError('server-error', 'The API had a problem on its side.', { status: 500 }),
    });
    const noInference = makeJob({ prompt: 'never answered', state: 'failed', error: appError('network', 'The API could not be reached.') });
    const { user } = await renderApp({ jobs: [failed, noInference] });
    render(
      <TooltipProvider>
        <ul aria-label="Tiles">
          <li>
            <JobTile job={failed} />
          </li>
          <li>
            <JobTile job={noInference} />
          </li>
        </ul>
      </TooltipProvider>,
    );
    const [first, second] = within(screen.getByRole('list', { name: 'Tiles' })).getAllByRole('group');

    await user.click(within(first!).getByRole('button', { name: 'Details' }));
    const details = await screen.findByRole('dialog', { name: 'Error details' });
    const term = (name: string) => within(details).getByText(name, { selector: 'dt' }).nextElementSibling;
    expect(term('Client request id')).toHaveTextContent(failed.id);
    expect(term('Inference id')).toHaveTextContent('inf-0042');
    await user.keyboard('{Escape}');

    await user.click(within(second!).getByRole('button', { name: 'Details' }));
    const other = await screen.findByRole('dialog', { name: 'Error details' });
    expect(within(other).getByText('Client request id', { selector: 'dt' }).nextElementSibling).toHaveTextContent(noInference.id);
    expect(within(other).queryByText('Inference id', { selector: 'dt' })).toBeNull();
  });
});
