import './prompt-lists.css';
import { useEffect, useId, useState } from 'react';
import { RetryAlert } from '../../components/retry-alert';
import { loadPrompt } from '../../stores/composer-store';
import { refreshHistory, searchHistory, useHistoryStore } from '../../stores/history-store';

export const HISTORY_SEARCH_DELAY_MS = 250;

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface PromptHistoryProps {
  /** After Use: close what holds the list and give the prompt focus. */
  onPromptLoaded: () => void;
}

/** Prompts already sent, newest first; Use puts one back in the composer and sends nothing. */
export function PromptHistory({ onPromptLoaded }: PromptHistoryProps) {
  const entries = useHistoryStore((state) => state.entries);
  const storedQuery = useHistoryStore((state) => state.query);
  const error = useHistoryStore((state) => state.error);
  const [query, setQuery] = useState(storedQuery);
  const headingId = useId();
  const searchId = useId();
  const entryId = useId();

  // Ask main once typing pauses, not on every key.
  useEffect(() => {
    if (query === useHistoryStore.getState().query) return;
    const timer = window.setTimeout(() => void searchHistory(query), HISTORY_SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [query]);

  const use = (text: string) => {
    loadPrompt(text);
    onPromptLoaded();
  };

  return (
    <section className="prompt-list-section history" aria-labelledby={headingId}>
      <h2 id={headingId} className="popover-title">
        Prompt history
      </h2>
      <label htmlFor={searchId} className="visually-hidden">
        Search prompts
      </label>
      <input
        id={searchId}
        type="search"
        className="text-input"
        placeholder="Search prompts"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        autoComplete="off"
        dir="auto"
      />
      {error ? <RetryAlert error={error} onRetry={refreshHistory} /> : null}
      {entries.length === 0 && !error ? (
        <p className="field-note">{storedQuery ? 'No sent prompt matches.' : 'Prompts you send appear here.'}</p>
      ) : (
        <ul className="prompt-list">
          {entries.map((entry, index) => {
            const textId = `${entryId}-${index}`;
            return (
              <li key={entry.text} className="prompt-list-item">
                <p id={textId} className="prompt-list-text" dir="auto">
                  {entry.text}
                </p>
                <div className="prompt-list-foot">
                  <span className="prompt-list-meta">
                    {when.format(entry.lastUsedAt)}
                    {entry.useCount > 1 ? ` · sent ${entry.useCount} times` : ''}
                  </span>
                  <button type="button" className="button button-small" aria-describedby={textId} onClick={() => use(entry.text)}>
                    Use
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
