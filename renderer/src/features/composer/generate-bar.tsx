import { useId } from 'react';
import { creditsToUsd, formatUsd } from '../../components/money';
import { useAspectRatios, useComposerStore } from '../../stores/composer-store';
import { useCostStore } from '../../stores/cost-store';
import { useOffline } from '../../stores/network-store';
import { openSettings } from '../../stores/ui-store';
import { OFFLINE_NOTE_ID } from '../network/offline-banner';
import { estimateUsd, generateLabel } from './estimate';
import { promptProblem } from './prompt-rules';

const SHORTCUT = typeof navigator !== 'undefined' && /Mac/i.test(navigator.userAgent) ? '⌘ Enter' : 'Ctrl Enter';

interface GenerateBarProps {
  /** The prompt's problem text (owned by the prompt field), which also describes the button. */
  problemId: string;
}

/**
 * The Generate button with what one click will send and cost. aria-disabled (not disabled) keeps
 * the button focusable, so the reason it refuses can still be read out.
 */
export function GenerateBar({ problemId }: GenerateBarProps) {
  const prompt = useComposerStore((state) => state.prompt);
  const count = useComposerStore((state) => state.count);
  const sending = useComposerStore((state) => state.sending);
  const ratios = useAspectRatios();
  const summary = useCostStore((state) => state.summary);
  // Offline does not block: the images wait in the queue, and the button says so.
  const offline = useOffline();
  const estimateId = useId();
  const budgetId = useId();

  const images = count * ratios.length;
  const estimate = estimateUsd(images);
  const problem = promptProblem(prompt);
  const budgetReached = summary?.budgetReached ?? false;
  const blocked = sending || problem !== null || budgetReached;
  const describedBy = [budgetReached ? budgetId : null, problem ? problemId : null, offline ? OFFLINE_NOTE_ID : null, blocked ? null : estimateId]
    .filter(Boolean)
    .join(' ');

  const spentToday = summary ? creditsToUsd(summary.todayCredits) : 0;
  const budget = summary?.dailyBudgetUsd ?? null;
  const mayPassBudget = budget !== null && !budgetReached && spentToday + estimate > budget;

  return (
    <div className="generate-bar">
      <div className="composer-actions">
        <button type="submit" className="button button-primary" aria-disabled={blocked} aria-describedby={describedBy || undefined}>
          {generateLabel(images)}
        </button>
        <span className="estimate" aria-hidden="true">
          ≈ {formatUsd(estimate)}
        </span>
        <kbd className="shortcut" aria-hidden="true">
          {SHORTCUT}
        </kbd>
        <span id={estimateId} className="visually-hidden">
          {`Estimated cost ≈ ${formatUsd(estimate)} for ${images === 1 ? '1 image' : `${images} images`}.`}
        </span>
      </div>
      {mayPassBudget && budget !== null ? (
        <p className="field-note" data-level="near">
          This may go past today’s budget: {formatUsd(spentToday)} of {formatUsd(budget)} spent.
        </p>
      ) : null}
      {budgetReached ? (
        <div className="notice budget-notice">
          <p id={budgetId}>
            {budget !== null
              ? `Today’s spending (${formatUsd(spentToday)}) has reached your daily budget of ${formatUsd(budget)}. Raise or remove the budget in Settings to generate.`
              : 'Today’s spending has reached your daily budget. Raise or remove the budget in Settings to generate.'}
          </p>
          <div className="button-row">
            <button type="button" className="button" onClick={() => openSettings('budget')}>
              Open settings
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
