import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { PromptTemplate } from '../../../../electron/shared/domain';
import { loadPrompt } from '../../stores/composer-store';
import { fillTemplate } from '../../../../electron/shared/template-variables';

interface TemplateFillFormProps {
  template: PromptTemplate;
  variables: string[];
  onDone: () => void;
  /** The filled prompt is in the composer: hand focus to it. */
  onInserted: () => void;
}

/** One field per `{variable}`; the filled text replaces the composer's prompt (nothing is sent). */
export function TemplateFillForm({ template, variables, onDone, onInserted }: TemplateFillFormProps) {
  const [values, setValues] = useState<Record<string, string>>({});
  const headingId = useId();
  const fieldIdPrefix = useId();
  const firstFieldRef = useRef<HTMLInputElement>(null);

  useEffect(() => firstFieldRef.current?.focus(), []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    loadPrompt(fillTemplate(template.text, values));
    onDone();
    onInserted();
  };

  return (
    <form className="template-fill" aria-labelledby={headingId} onSubmit={onSubmit} noValidate>
      <h3 id={headingId} className="section-title">
        Fill in “<span dir="auto">{template.name}</span>”
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
              dir="auto"
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
