import './spending.css';
import { creditsToUsd, formatUsd } from '../../components/money';
import { useCostStore } from '../../stores/cost-store';

/**
 * Spend today and this month, from main's ledger. A region rather than a live status: with many
 * jobs finishing, announcing every charge would drown everything else out.
 */
export function Spending() {
  const summary = useCostStore((state) => state.summary);
  if (!summary) return null;
  const budget = summary.dailyBudgetUsd;

  return (
    <section className="spending" aria-label="Spending" data-budget-reached={summary.budgetReached}>
      <span>
        Today {formatUsd(creditsToUsd(summary.todayCredits))}
        {budget !== null ? ` of ${formatUsd(budget)}` : ''}
      </span>
      <span aria-hidden="true"> · </span>
      <span>This month {formatUsd(creditsToUsd(summary.monthCredits))}</span>
      {summary.budgetReached ? <span className="spending-reached"> · Daily budget reached</span> : null}
    </section>
  );
}
