import { useId, useState, type FormEvent, type RefObject } from 'react';
import type { SettingsView } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { formatUsd } from '../../components/money';
import { loadCost } from '../../stores/cost-store';
import { updateSettings } from '../../stores/settings-store';

interface BudgetSectionProps {
  view: SettingsView;
  /** Lets the panel move focus here when a budget refusal sends the user to Settings. */
  inputRef: RefObject<HTMLInputElement | null>;
}

/** A text field (not a spinner): amounts like 2.50 are typed, not stepped. Mounted with a key of the saved value. */
export function BudgetSection({ view, inputRef }: BudgetSectionProps) {
  const [draft, setDraft] = useState(view.dailyBudgetUsd === null ? '' : String(view.dailyBudgetUsd));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const headingId = useId();
  const inputId = useId();
  const noteId = useId();

  const apply = async (dailyBudgetUsd: number | null) => {
    setBusy(true);
    setError(null);
    const reply = await updateSettings({ dailyBudgetUsd });
    setBusy(false);
    if (!reply.ok) setError(reply.error);
    // Main also announces the new summary; asking keeps the header right if that event is missed.
    else void loadCost();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const amount = Number(draft.trim().replace(/^\$/, '').replace(',', '.'));
    if (draft.trim() === '' || !Number.isFinite(amount) || amount <= 0) {
      setError({ code: 'invalid-input', message: 'Enter an amount in US dollars above $0, e.g. 5 or 2.50.' });
      return;
    }
    void apply(amount);
  };

  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="section-title">
        Daily budget
      </h3>
      <form onSubmit={onSubmit} noValidate>
        <label htmlFor={inputId} className="field-label">
          Daily budget (USD)
        </label>
        <input
          ref={inputRef}
          id={inputId}
          type="text"
          inputMode="decimal"
          className="text-input"
          value={draft}
          placeholder="No budget"
          onChange={(event) => setDraft(event.target.value)}
          aria-describedby={noteId}
          autoComplete="off"
        />
        <p id={noteId} className="field-note">
          {view.dailyBudgetUsd === null
            ? 'No daily budget: Reverie never refuses to send because of spend.'
            : `Once today’s spend reaches ${formatUsd(view.dailyBudgetUsd)}, new images are refused before anything is sent.`}
        </p>
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            Save budget
          </button>
          <button
            type="button"
            className="button button-quiet"
            disabled={busy || view.dailyBudgetUsd === null}
            onClick={() => {
              setDraft('');
              void apply(null);
            }}
          >
            No budget
          </button>
        </div>
      </form>
      {error ? <ErrorAlert error={error} /> : null}
    </section>
  );
}
