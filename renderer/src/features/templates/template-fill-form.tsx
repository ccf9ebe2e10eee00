import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { PromptTemplate } from '../../../../electron/shared/domain';
import { loadPrompt } from '../../stores/composer-store';
import { focusPrompt } from '../composer/prompt-focus';
import { fillTemplate } from '../../../../electron/shared/template-variables';

interface TemplateFillFormProps {
  template: PromptTemplate;
  variables: string[];
  onDone: () => void;
}

/** One field per `{variable}`; the filled text replaces the composer's prompt (nothing is sent). */
export function TemplateFillForm({ template, variables, onDone }: TemplateFillFormProps) {
  const [values, setValues] = useState<Record<string, string>>({});
  const headingId = useId();
  const fieldIdPrefix = useId();
  const firstFieldRef = useRef<HTMLInputElement>(null);

  useEffect(() => firstFieldRef.current?.focus(), []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    loadPrompt(fillTemplate(template.text, values));
    onDone();
    focusPrompt();
  };

  return (
    <form className="template-fill" aria-labelledby={headingId} onSubmit={onSubmit} noValidate>
      <h3 id={headingId} className="section-title">
        Fill in “{template.name}”
      </h3>
      {variables.map((name, index) => {
        const id = `${fieldIdPrefix}-${index}`;
        return (
          <div key={name} className="field">
            <label htmlFor={id} className="field-label">
              {name}
            </label>
            <input
              id={id}
              ref={index === 0 ? firstFieldRef : undefined}
              type="text"
              className="text-input"
              value={values[name] ?? ''}
              onChange={(event) => setValues((current) => ({ ...current, [name]: event.target.value }))}
              autoComplete="off"
            />
          </div>
        );
      })}
      <p className="field-note">A field left empty stays as {'{name}'} in the prompt.</p>
      <div className="button-row">
        <button type="submit" className="button button-primary">
          Insert into prompt
        </button>
        <button type="button" className="button button-quiet" onClick={onDone}>
          Discard
        </button>
      </div>
    </form>
  );
}
