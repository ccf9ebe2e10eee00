import { useId, useState, type FormEvent, type RefObject } from 'react';
import { KEYCHAIN_TIMEOUT_MS } from '../../../../electron/shared/constants';
import { ErrorAlert } from '../../components/error-alert';
import { RetryAlert } from '../../components/retry-alert';
import { useRequest } from '../../components/use-request';
import { loadKeyStatus, removeKey, saveKey, useKeyStore } from '../../stores/key-store';
import { KeyStatusLine } from './key-status-line';
import { SettingsSection } from './settings-section';

interface ApiKeySectionProps {
  /** Also lets the panel move focus here. */
  inputRef: RefObject<HTMLInputElement | null>;
}

/**
 * The field is uncontrolled on purpose: the typed key stays in the DOM input only (no React state,
 * no mirrored value attribute, no store), goes straight to main, and is cleared once main has it.
 */
export function ApiKeySection({ inputRef }: ApiKeySectionProps) {
  const status = useKeyStore((state) => state.status);
  const loading = useKeyStore((state) => state.loading);
  const loadError = useKeyStore((state) => state.loadError);
  const { busy, error, run } = useRequest();
  const inputId = useId();
  const helpId = useId();

  /** Where the save under way is going; the keychain can take a while (it may be asking for its password). */
  const [savingTo, setSavingTo] = useState<'keychain' | 'session' | null>(null);

  const keychainAvailable = status?.keychainAvailable ?? true;
  // Session-only mode: no keychain to save to, or the key in use is a session key (kept until removed).
  const sessionOnly = !keychainAvailable || status?.storage === 'session';

  const save = async (toSession: boolean) => {
    const input = inputRef.current;
    if (!input) return;
    setSavingTo(toSession ? 'session' : 'keychain');
    const reply = await run(() => saveKey(input.value, toSession));
    setSavingTo(null);
    if (reply.ok) input.value = '';
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!busy) void save(sessionOnly);
  };

  return (
    <SettingsSection title="AI/ML API key">
      <KeyStatusLine status={status} loading={loading} />
      {loadError ? <RetryAlert error={loadError} onRetry={loadKeyStatus} retryLabel="Check again" /> : null}
      {!keychainAvailable ? (
        <div className="notice">
          <p>{status?.keychainMessage ?? 'The system keychain cannot be reached.'}</p>
          <p>
            Your key can still be used for this session only: Reverie keeps it in memory and forgets it when it quits, so you will need to enter it again next
            time.
          </p>
        </div>
      ) : null}
      <form className="key-form" onSubmit={onSubmit} noValidate>
        <label htmlFor={inputId} className="field-label">
          API key
        </label>
        <input
          ref={inputRef}
          id={inputId}
          type="password"
          className="text-input"
          defaultValue=""
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          aria-describedby={helpId}
        />
        <p id={helpId} className="field-note">
          {!sessionOnly
            ? 'Saved in your system keychain. Reverie only ever shows its last 4 characters.'
            : keychainAvailable
              ? 'Used for this session only; remove the key to save one in your system keychain. Reverie only ever shows its last 4 characters.'
              : 'Used for this session only. Reverie only ever shows its last 4 characters.'}
        </p>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            Save key
          </button>
          {status?.stored ? (
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void run(removeKey)}>
              Remove key
            </button>
          ) : null}
        </div>
        <p className="field-note" aria-live="polite">
          {savingTo === 'keychain' ? `Saving to the system keychain… (waiting up to ${KEYCHAIN_TIMEOUT_MS / 1000} seconds for it to answer)` : null}
        </p>
      </form>
      {error ? (
        <ErrorAlert
          error={error}
          actions={
            error.code === 'keychain-unavailable' ? (
              <button type="button" className="button" disabled={busy} onClick={() => void save(true)}>
                Use for this session only
              </button>
            ) : null
          }
        />
      ) : null}
    </SettingsSection>
  );
}
