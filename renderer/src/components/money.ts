import { CREDITS_PER_USD } from '../../../electron/shared/constants';

const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 3,
});
const tinyUsd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });
const centsUsd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function creditsToUsd(credits: number): number {
  return credits / CREDITS_PER_USD;
}

/** "$0.063" for 126,000 credits; null when the API did not say what it charged. */
export function formatCost(credits: number | null): string | null {
  if (credits === null) return null;
  const dollars = creditsToUsd(credits);
  // Below a tenth of a cent, fixed decimals would round to a misleading "$0.00".
  if (dollars > 0 && dollars < 0.001) return tinyUsd.format(dollars);
  return usd.format(dollars);
}

/** Totals and budgets read in cents: "$3.10", "$5.00". */
export function formatUsd(dollars: number): string {
  return centsUsd.format(dollars);
}
