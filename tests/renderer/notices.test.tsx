import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeReverie } from './fake-reverie';
import { renderApp } from './render-app';

describe('notices from main', () => {
  it('shows a notice posted before startup as an alert, shows its folder, and dismisses it', async () => {
    const fake = installFakeReverie();
    const notice = fake.postNotice({
      severity: 'warning',
      title: 'The library database was damaged and has been rebuilt',
      message: 'The damaged copy is kept in the library folder.',
      revealable: true,
    });
    const { user } = await renderApp(fake);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The library database was damaged and has been rebuilt');
    await user.click(within(alert).getByRole('button', { name: 'Show in folder' }));
    expect(fake.revealedNotices).toEqual([notice.id]);

    await user.click(within(alert).getByRole('button', { name: `Dismiss: ${notice.title}` }));
    await waitFor(() => expect(screen.queryByText(notice.title)).not.toBeInTheDocument());
    expect(fake.notices).toEqual([]);
  });

  it('follows notices posted while the app runs; one without a path has no folder to show', async () => {
    const { fake } = await renderApp();
    expect(screen.queryByRole('region', { name: 'Notices' })).not.toBeInTheDocument();
    act(() => void fake.postNotice({ severity: 'info', title: '3 images recovered', message: 'They were paid for and are now in the library.', revealable: false }));
    const region = await screen.findByRole('region', { name: 'Notices' });
    expect(within(region).getByRole('status')).toHaveTextContent('3 images recovered');
    expect(within(region).queryByRole('button', { name: 'Show in folder' })).not.toBeInTheDocument();
  });
});
