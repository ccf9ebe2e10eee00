import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { openSettings as openSettingsAt, renderApp, settingsDialog as settingsRegion } from './support/render-app';

/** The queue and spending settings live in the Generation section. */
async function openSettings(options: Parameters<typeof renderApp>[0] = {}) {
  const rendered = await renderApp(options);
  await openSettingsAt(rendered.user, 'Generation');
  return rendered;
}

describe('settings for the queue and spending', () => {
  it('sets the number of concurrent requests', async () => {
    const { fake, user } = await openSettings();
    const field = within(settingsRegion()).getByRole('spinbutton', { name: 'Concurrent requests' });
    expect(field).toHaveValue(3);
    expect(field).toHaveAttribute('min', '1');
    expect(field).toHaveAttribute('max', '8');
    await user.clear(field);
    await user.type(field, '5');
    await waitFor(() => expect(fake.callsTo('settings:update')).toEqual([{ concurrency: 5 }]));
    expect(field).toHaveValue(5);
  });

  it('saves and removes a daily budget', async () => {
    const { fake, user } = await openSettings();
    const field = within(settingsRegion()).getByRole('textbox', { name: 'Daily budget (USD)' });
    await user.type(field, '5');
    await user.click(within(settingsRegion()).getByRole('button', { name: 'Save budget' }));
    await waitFor(() => expect(fake.callsTo('settings:update')).toEqual([{ dailyBudgetUsd: 5 }]));
    expect(within(settingsRegion()).getByRole('textbox', { name: 'Daily budget (USD)' })).toHaveValue('5');
    // The header behind the modal dialog follows: close Settings to read it, then come back.
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.getByRole('region', { name: 'Spending' })).toHaveTextContent('of $5.00'));
    await openSettingsAt(user, 'Generation');
    expect(within(settingsRegion()).getByRole('textbox', { name: 'Daily budget (USD)' })).toHaveValue('5');

    await user.click(within(settingsRegion()).getByRole('button', { name: 'No budget' }));
    await waitFor(() => expect(fake.callsTo('settings:update').at(-1)).toEqual({ dailyBudgetUsd: null }));
    await waitFor(() => expect(within(settingsRegion()).getByRole('textbox', { name: 'Daily budget (USD)' })).toHaveValue(''));
  });

  it('refuses a budget that is not an amount, without asking main', async () => {
    const { fake, user } = await openSettings();
    await user.type(within(settingsRegion()).getByRole('textbox', { name: 'Daily budget (USD)' }), 'lots');
    await user.click(within(settingsRegion()).getByRole('button', { name: 'Save budget' }));
    expect(await within(settingsRegion()).findByRole('alert')).toHaveTextContent(/Enter an amount in US dollars/);
    expect(fake.callsTo('settings:update')).toEqual([]);
  });

  it('turns the batch notification off and on', async () => {
    const { fake, user } = await openSettings();
    const box = within(settingsRegion()).getByRole('checkbox', { name: 'Notify when a batch finishes' });
    expect(box).toBeChecked();
    await user.click(box);
    await waitFor(() => expect(box).not.toBeChecked());
    await user.click(box);
    await waitFor(() => expect(box).toBeChecked());
    expect(fake.callsTo('settings:update')).toEqual([{ notifyWhenDone: false }, { notifyWhenDone: true }]);
  });
});
