import { useId, useState, type FormEvent, type RefObject } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { RetryAlert } from '../../components/retry-alert';
import { loadKeyStatus, removeKey, saveKey, useKeyStore } from '../../stores/key-store';
import { KeyStatusLine } from './key-status-line';

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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const inputId = useId();
  const headingId = useId();
  const helpId = useId();

  const keychainAvailable = status?.keychainAvailable ?? true;

  const save = async (sessionOnly: boolean) => {
    const input = inputRef.current;
    if (!input) return;
    setBusy(true);
    setError(null);
    const reply = await saveKey(input.value, sessionOnly);
    setBusy(false);
    if (reply.ok) input.value = '';
    else setError(reply.error);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!busy) void save(!keychainAvailable);
  };

  const onRemove = async () => {
    setBusy(true);
    setError(null);
    const reply = await removeKey();
    setBusy(false);
    if (!reply.ok) setError(reply.error);
  };

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="section-title">
        AI/ML API key
      </h3>
      <KeyStatusLine status={status} loading={loading} />
      {loadError ? <RetryAlert error={loadError} onRetry={loadKeyStatus} retryLabel="Check again" /> : null}
      {!keychainAvailable ? (
        <div className="notice">
          <p>{status?.keychainMessage ?? 'The system keychain cannot be reached.'}</p>
          <p>
            Your key can still be used for this session only: Reverie keeps it in memory and forgets it when it quits, so
            you will need to enter it again next time.
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
          {keychainAvailable
            ? 'Saved in your system keychain. Reverie only ever shows its last 4 characters.'
            : 'Used for this session only. Reverie only ever shows its last 4 characters.'}
        </p>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            Save key
          </button>
          {status?.stored ? (
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void onRemove()}>
              Remove key
            </button>
          ) : null}
        </div>
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
    </section>
  );
}
