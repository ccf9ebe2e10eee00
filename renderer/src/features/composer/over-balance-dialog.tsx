import { useEffect, useId, useRef, type SyntheticEvent } from 'react';
import { formatUsd } from '../../components/money';
import { useModalDialog } from '../../components/use-modal-dialog';
import { cancelOverBalance, sendOverBalance, useComposerStore } from '../../stores/composer-store';
import { focusPrompt } from './prompt-focus';

interface Question {
  estimateUsd: number;
  balanceUsd: number;
}

/**
 * A native modal <dialog> (as the viewer): the browser makes the rest of the page inert, where a
 * Radix AlertDialog only hides it with aria-hidden and leaves it focusable (axe's aria-hidden-focus
 * in real Chromium). Focus starts on Cancel; Escape cancels; closing hands focus to the prompt.
 */
function OverBalanceQuestion({ question }: { question: Question }) {
  const titleId = useId();
  const textId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  // Unmounted on either answer; the prompt is where the user goes on from.
  const ref = useModalDialog(() => focusPrompt());

  useEffect(() => cancelRef.current?.focus(), []);

  const onCancel = (event: SyntheticEvent<HTMLDialogElement>) => {
    event.preventDefault();
    cancelOverBalance();
  };

  return (
    <dialog
      ref={ref}
      className="over-balance-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={textId}
      onCancel={onCancel}
    >
      <h2 id={titleId} className="over-balance-title">
        More than the balance?
      </h2>
      <p id={textId} className="over-balance-text">
        {`This batch may cost about ${formatUsd(question.estimateUsd)}, more than the ${formatUsd(question.balanceUsd)} left. Send anyway?`}
      </p>
      <div className="button-row">
        <button ref={cancelRef} type="button" className="button" onClick={cancelOverBalance}>
          Cancel
        </button>
        <button type="button" className="button button-primary" onClick={() => void sendOverBalance()}>
          Send
        </button>
      </div>
    </dialog>
  );
}

/**
 * Asked before a batch whose estimate is more than the balance main last read: the estimate may be
 * off and the API may still accept it, so the user decides. Cancel changes nothing in the bar.
 */
export function OverBalanceDialog() {
  const question = useComposerStore((state) => state.overBalance);
  return question ? <OverBalanceQuestion question={question} /> : null;
}
