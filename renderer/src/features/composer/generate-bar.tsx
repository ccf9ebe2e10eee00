import { Sparkles } from 'lucide-react';
import { useId } from 'react';
import { creditsToUsd, formatUsd } from '../../components/money';
import { useComposerStore } from '../../stores/composer-store';
import { useCostStore } from '../../stores/cost-store';
import { useOffline } from '../../stores/network-store';
import { openSettings } from '../../stores/ui-store';
import { OFFLINE_NOTE_ID } from '../network/offline-banner';
import { generateLabel, useEstimate } from './estimate';
import { promptProblem } from './prompt-rules';

const SHORTCUT = typeof navigator !== 'undefined' && /Mac/i.test(navigator.userAgent) ? '⌘ Enter' : 'Ctrl Enter';

interface GenerateProps {
  /** The prompt's problem text (owned by the prompt field), which also describes the button. */
  problemId: string;
}

const budgetIdOf = (problemId: string) => `${problemId}-budget`;

function useSpending() {
  const summary = useCostStore((state) => state.summary);
  return {
    budgetReached: summary?.budgetReached ?? false,
    spentToday: summary ? creditsToUsd(summary.todayCredits) : 0,
    budget: summary?.dailyBudgetUsd ?? null,
  };
}

/**
 * The Generate button with what one click will send and cost. aria-disabled (not disabled) keeps
 * the button focusable, so the reason it refuses can still be read out.
 */
export function GenerateBar({ problemId }: GenerateProps) {
  const prompt = useComposerStore((state) => state.prompt);
  const sending = useComposerStore((state) => state.sending);
  const { images, usd: estimate } = useEstimate();
  const { budgetReached } = useSpending();
  // Offline does not block: the images wait in the queue, and the button says so.
  const offline = useOffline();
  const estimateId = useId();

  const problem = promptProblem(prompt);
  const blocked = sending || problem !== null || budgetReached;
  const describedBy = [budgetReached ? budgetIdOf(problemId) : null, problem ? problemId : null, offline ? OFFLINE_NOTE_ID : null, blocked ? null : estimateId]
    .filter(Boolean)
    .join(' ');

  return (
    <div className="generate-bar">
      <button type="submit" className="button button-primary generate-button" aria-disabled={blocked} aria-describedby={describedBy || undefined}>
        <Sparkles aria-hidden="true" size={16} />
        {generateLabel(images)}
      </button>
      <div className="generate-meta" aria-hidden="true">
        <span className="estimate">≈ {formatUsd(estimate)}</span>
        <kbd className="shortcut">{SHORTCUT}</kbd>
      </div>
      <span id={estimateId} className="visually-hidden">
        {`Estimated cost ≈ ${formatUsd(estimate)} for ${images === 1 ? '1 image' : `${images} images`}.`}
      </span>
    </div>
  );
}

/** Today's budget: a warning before a click may pass it, and the reason Generate refuses once it is reached. */
export function BudgetNotes({ problemId }: GenerateProps) {
  const { usd: estimate } = useEstimate();
  const { budgetReached, spentToday, budget } = useSpending();
  const mayPassBudget = budget !== null && !budgetReached && spentToday + estimate > budget;

  if (budgetReached) {
    return (
      <div className="notice budget-notice">
        <p id={budgetIdOf(problemId)}>
          {budget !== null
            ? `Today’s spending (${formatUsd(spentToday)}) has reached your daily budget of ${formatUsd(budget)}. Raise or remove the budget in Settings to generate.`
            : 'Today’s spending has reached your daily budget. Raise or remove the budget in Settings to generate.'}
        </p>
        <button type="button" className="button button-small" onClick={() => openSettings('budget')}>
          Open settings
        </button>
      </div>
    );
  }
  if (mayPassBudget && budget !== null) {
    return (
      <p className="composer-note" data-level="near">
        This may go past today’s budget: {formatUsd(spentToday)} of {formatUsd(budget)} spent.
      </p>
    );
  }
  return null;
}
