import { AlertDialog } from 'radix-ui';
import { formatUsd } from '../../components/money';
import { cancelOverBalance, sendOverBalance, useComposerStore } from '../../stores/composer-store';
import { focusPrompt } from './prompt-focus';

/**
 * Asked before a batch whose estimate is more than the balance main last read: the estimate may
 * be off, and the API may still accept it, so the user decides. Focus starts on Cancel (radix
 * AlertDialog), Escape cancels; Cancel changes nothing in the bar. No AlertDialog.Overlay: it adds
 * a <style> element, which the production CSP (style-src 'self') refuses (see settings-dialog.tsx).
 */
export function OverBalanceDialog() {
  const question = useComposerStore((state) => state.overBalance);
  return (
    <AlertDialog.Root open={question !== null} onOpenChange={(open) => (open ? undefined : cancelOverBalance())}>
      <AlertDialog.Portal>
        <div className="over-balance-backdrop">
          <AlertDialog.Content
            className="over-balance-dialog"
            onCloseAutoFocus={(event) => {
              event.preventDefault();
              focusPrompt();
            }}
          >
            <AlertDialog.Title className="over-balance-title">More than the balance?</AlertDialog.Title>
            <AlertDialog.Description className="over-balance-text">
              {question
                ? `This batch may cost about ${formatUsd(question.estimateUsd)}, more than the ${formatUsd(question.balanceUsd)} left. Send anyway?`
                : null}
            </AlertDialog.Description>
            <div className="button-row">
              <AlertDialog.Cancel className="button">Cancel</AlertDialog.Cancel>
              <AlertDialog.Action className="button button-primary" onClick={() => void sendOverBalance()}>
                Send
              </AlertDialog.Action>
            </div>
          </AlertDialog.Content>
        </div>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
