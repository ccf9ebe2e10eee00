import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { EMPTY_COST } from './support/fake-data';
import { renderApp } from './support/render-app';

const spending = () => screen.getByRole('region', { name: 'Spending' });
const promptBox = () => screen.getByRole('textbox', { name: 'Prompt' });
const generateButton = () => screen.getByRole('button', { name: /^Generate/ });

describe('spending and the daily budget', () => {
  it('shows today and this month, and follows cost:changed', async () => {
    const { fake } = await renderApp({ cost: { todayCredits: 500_000, monthCredits: 6_200_000 } });
    expect(spending()).toHaveTextContent('Today $0.25 · This month $3.10');

    act(() => fake.emit('cost:changed', { ...EMPTY_COST, todayCredits: 626_000, monthCredits: 6_326_000, dailyBudgetUsd: 5 }));
    expect(spending()).toHaveTextContent('Today $0.31 of $5.00 · This month $3.16');
  });

  it('blocks Generate with the reason once the budget is reached, and sends nothing', async () => {
    const { fake, user } = await renderApp({
      cost: { todayCredits: 10_040_000, monthCredits: 20_000_000, dailyBudgetUsd: 5, budgetReached: true },
    });
    expect(spending()).toHaveTextContent('Daily budget reached');
    await user.type(promptBox(), 'Over budget');
    const reason = 'Today’s spending ($5.02) has reached your daily budget of $5.00. Raise or remove the budget in Settings to generate.';
    expect(screen.getByText(reason)).toBeVisible();
    expect(generateButton()).toHaveAttribute('aria-disabled', 'true');
    expect(generateButton()).toHaveAccessibleDescription(reason);

    await user.click(generateButton());
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(fake.callsTo('generate:enqueue')).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Open settings' }));
    expect(screen.getByRole('textbox', { name: 'Daily budget (USD)' })).toHaveFocus();
  });

  it('unblocks when main says the budget was raised', async () => {
    const { fake, user } = await renderApp({ cost: { todayCredits: 10_040_000, dailyBudgetUsd: 5, budgetReached: true } });
    await user.type(promptBox(), 'Later');
    act(() => fake.emit('cost:changed', { ...EMPTY_COST, todayCredits: 10_040_000, dailyBudgetUsd: 10, budgetReached: false }));
    expect(generateButton()).toHaveAttribute('aria-disabled', 'false');
    await user.click(generateButton());
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(1));
  });

  it('warns when a click may go past today’s budget', async () => {
    const { user } = await renderApp({ cost: { todayCredits: 9_900_000, dailyBudgetUsd: 5 } });
    await user.type(promptBox(), 'Close to the line');
    expect(screen.getByText(/This may go past today’s budget/)).toHaveTextContent('$4.95 of $5.00 spent');
    expect(generateButton()).toHaveAttribute('aria-disabled', 'false');
  });
});
