import { CREDITS_PER_USD } from '../../../../electron/shared/constants';

const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 3,
});
const tinyUsd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });

/** "$0.063" for 126,000 credits; null when the API did not say what it charged. */
export function formatCost(credits: number | null): string | null {
  if (credits === null) return null;
  const dollars = credits / CREDITS_PER_USD;
  // Below a tenth of a cent, fixed decimals would round to a misleading "$0.00".
  if (dollars > 0 && dollars < 0.001) return tinyUsd.format(dollars);
  return usd.format(dollars);
}
