import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { TagCount } from '../../../../electron/shared/domain';
import { invoke } from '../../ipc';

const SUGGEST_DELAY_MS = 100;

/** Tags starting with what was typed, most used first, from main (`tags:list`); a late answer for an older prefix is dropped. */
export function useTagSuggestions(prefix: string): readonly TagCount[] {
  const [suggestions, setSuggestions] = useState<readonly TagCount[]>([]);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      void invoke('tags:list', { prefix: prefix.trim(), limit: 20 }).then((reply) => {
        if (current && reply.ok) setSuggestions(reply.value);
      });
    }, SUGGEST_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [prefix]);
  return suggestions;
}

interface TagFieldProps {
  /** The input's accessible name (and visible label). */
  label: string;
  /** The submit button's text. */
  submitLabel: string;
  onSubmit: (tag: string) => void | Promise<unknown>;
  /** Tags to offer first (e.g. those on the selected images, for removing). */
  preferred?: readonly string[];
  autoFocus?: boolean;
  /** Extra buttons after the submit button (Cancel). */
  children?: ReactNode;
  className?: string;
  /** Names the form (a landmark) when it stands alone, e.g. the bulk bar's "Add tag". */
  formLabel?: string;
}

/** A tag input with autocomplete (a datalist fed by `tags:list`); Enter or the button submits. */
export function TagField({ label, submitLabel, onSubmit, preferred = [], autoFocus, children, className, formLabel }: TagFieldProps) {
  const [text, setText] = useState('');
  const inputId = useId();
  const listId = useId();
  const suggestions = useTagSuggestions(text);
  const prefix = text.trim().toLowerCase();
  const names = [...preferred.filter((name) => name.toLowerCase().startsWith(prefix)), ...suggestions.map((suggestion) => suggestion.name)].filter(
    (name, index, all) => all.indexOf(name) === index,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const tag = text.trim();
    if (tag === '') return;
    setText('');
    void onSubmit(tag);
  };

  return (
    <form className={className ?? 'tag-field'} aria-label={formLabel} onSubmit={submit}>
      <label htmlFor={inputId} className="field-label">
        {label}
      </label>
      <div className="tag-field-row">
        <input
          id={inputId}
          className="text-input"
          list={listId}
          value={text}
          maxLength={60}
          autoComplete="off"
          dir="auto"
          autoFocus={autoFocus}
          onChange={(event) => setText(event.target.value)}
        />
        <datalist id={listId}>
          {names.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <button type="submit" className="button button-small" aria-disabled={text.trim() === ''}>
          {submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}
