import { useState, type RefObject } from 'react';
import type { KeyTestResult } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { formatUsd } from '../../components/money';
import { invoke } from '../../ipc';

type TestState = { kind: 'idle' } | { kind: 'testing' } | { kind: 'passed'; result: KeyTestResult } | { kind: 'failed'; error: AppError };

interface KeyTestProps {
  /** The "API key" field: a key typed there is tested as typed (not saved); an empty field tests the stored key. */
  inputRef: RefObject<HTMLInputElement | null>;
}

function passedText(result: KeyTestResult): string {
  const which = result.tested === 'typed' ? 'The API accepted the key you typed (not saved yet)' : 'The API accepted your saved key';
  const balance = result.balanceUsd === null ? '' : `; your balance is ${formatUsd(result.balanceUsd)}`;
  return `${which}${balance}. The test cost nothing.`;
}

/**
 * Asks main to try the key on a request that costs nothing, before the first paid one. Like saving,
 * the typed key goes straight from the field to main; only the verdict comes back.
 */
export function KeyTest({ inputRef }: KeyTestProps) {
  const [state, setState] = useState<TestState>({ kind: 'idle' });
  const testing = state.kind === 'testing';

  const test = async () => {
    if (testing) return;
    const typed = inputRef.current?.value.trim() ?? '';
    setState({ kind: 'testing' });
    const reply = await invoke('key:test', typed === '' ? {} : { key: typed });
    setState(reply.ok ? { kind: 'passed', result: reply.value } : { kind: 'failed', error: reply.error });
  };

  return (
    <div className="key-test">
      <div className="button-row">
        <button type="button" className="button" aria-disabled={testing} onClick={() => void test()}>
          Test key
        </button>
      </div>
      {/* Polite, not role="status": the dialog's one status line is the key's. */}
      <p className="field-note key-test-result" aria-live="polite" data-passed={state.kind === 'passed'}>
        {testing ? 'Asking the API whether it accepts the key…' : state.kind === 'passed' ? passedText(state.result) : null}
      </p>
      {state.kind === 'failed' ? <ErrorAlert error={state.error} title="The key did not pass the test" /> : null}
    </div>
  );
}
