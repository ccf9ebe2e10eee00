import { useId, useState, type FormEvent, type RefObject } from 'react';
import type { SettingsView } from '../../../../electron/shared/domain';
import { formatUsd } from '../../components/money';
import { useRequest } from '../../components/use-request';
import { loadCost } from '../../stores/cost-store';
import { updateSettings } from '../../stores/settings-store';
import { SettingsSection } from './settings-section';

interface BudgetSectionProps {
  view: SettingsView;
  /** Lets the panel move focus here when a budget refusal sends the user to Settings. */
  inputRef: RefObject<HTMLInputElement | null>;
}

/** A text field (not a spinner): amounts like 2.50 are typed, not stepped. Mounted with a key of the saved value. */
export function BudgetSection({ view, inputRef }: BudgetSectionProps) {
  const [draft, setDraft] = useState(view.dailyBudgetUsd === null ? '' : String(view.dailyBudgetUsd));
  const { busy, error, setError, run } = useRequest();
  const inputId = useId();
  const noteId = useId();

  const apply = async (dailyBudgetUsd: number | null) => {
    const reply = await run(() => updateSettings({ dailyBudgetUsd }));
    // Main also announces the new summary; asking keeps the header right if that event is missed.
    if (reply.ok) void loadCost();
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
    <SettingsSection title="Daily budget" error={error}>
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
          dir="auto"
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
    </SettingsSection>
  );
}
