import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { appError, fail } from '../../electron/shared/errors';
import { installFakeReverie } from './support/fake-reverie';
import { renderApp } from './support/render-app';

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
    act(
      () =>
        void fake.postNotice({ severity: 'info', title: '3 images recovered', message: 'They were paid for and are now in the library.', revealable: false }),
    );
    const region = await screen.findByRole('region', { name: 'Notices' });
    expect(within(region).getByRole('status')).toHaveTextContent('3 images recovered');
    expect(within(region).queryByRole('button', { name: 'Show in folder' })).not.toBeInTheDocument();
  });

  it('offers the rebuild on a damaged-library notice, runs it once, and shows why when it fails', async () => {
    const fake = installFakeReverie();
    fake.postNotice({
      severity: 'warning',
      title: 'The library database is damaged',
      message: 'Rebuild the library to set the damaged file aside and make the library again from its folder.',
      revealable: false,
      action: 'rebuild-library',
    });
    fake.reply('library:rebuild', fail(appError('invalid-input', 'Images are on their way in. Try again once the queue is idle.')));
    const { user } = await renderApp(fake);

    const alert = await screen.findByRole('alert');
    await user.click(within(alert).getByRole('button', { name: 'Rebuild library' }));
    expect(fake.callsTo('library:rebuild')).toHaveLength(1);
    expect(await screen.findByText('Images are on their way in. Try again once the queue is idle.')).toBeInTheDocument();

    fake.restore('library:rebuild');
    await user.click(within(screen.getAllByRole('alert')[0]!).getByRole('button', { name: 'Rebuild library' }));
    expect(fake.callsTo('library:rebuild')).toHaveLength(2);
    await waitFor(() => expect(screen.queryByText('Images are on their way in. Try again once the queue is idle.')).not.toBeInTheDocument());
  });

  it('has no rebuild button on a notice that offers no action', async () => {
    const fake = installFakeReverie();
    fake.postNotice({ severity: 'warning', title: 'Settings were unreadable', message: 'They were kept aside.', revealable: true });
    await renderApp(fake);
    const alert = await screen.findByRole('alert');
    expect(within(alert).queryByRole('button', { name: 'Rebuild library' })).not.toBeInTheDocument();
  });
});
