import './side-panel.css';
import { useEffect, useId, useState } from 'react';
import { RetryAlert } from '../../components/retry-alert';
import { loadPrompt } from '../../stores/composer-store';
import { refreshHistory, searchHistory, useHistoryStore } from '../../stores/history-store';
import { focusPrompt } from '../composer/prompt-focus';

export const HISTORY_SEARCH_DELAY_MS = 250;

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Prompts already sent, newest first; Use puts one back in the composer and sends nothing. */
export function PromptHistory() {
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
    focusPrompt();
  };

  return (
    <section className="side-section history" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel-title">
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
      />
      {error ? <RetryAlert error={error} onRetry={refreshHistory} /> : null}
      {entries.length === 0 && !error ? (
        <p className="field-note">{storedQuery ? 'No sent prompt matches.' : 'Prompts you send appear here.'}</p>
      ) : (
        <ul className="side-list">
          {entries.map((entry, index) => {
            const textId = `${entryId}-${index}`;
            return (
              <li key={entry.text} className="side-item">
                <p id={textId} className="side-text">
                  {entry.text}
                </p>
                <div className="side-item-foot">
                  <span className="side-meta">
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
