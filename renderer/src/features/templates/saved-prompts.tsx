import '../history/prompt-lists.css';
import { useId, useState } from 'react';
import type { PromptTemplate } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { RetryAlert } from '../../components/retry-alert';
import { loadPrompt } from '../../stores/composer-store';
import { deleteTemplate, loadTemplates, useTemplatesStore } from '../../stores/templates-store';
import { SaveTemplateForm } from './save-template-form';
import { TemplateFillForm } from './template-fill-form';
import { templateVariables } from '../../../../electron/shared/template-variables';

interface Filling {
  template: PromptTemplate;
  variables: string[];
}

interface SavedPromptsProps {
  /** After a template went into the prompt: close what holds the list and give the prompt focus. */
  onPromptLoaded: () => void;
}

/** Named prompts, some with `{variables}` filled in a small form each time they are used. */
export function SavedPrompts({ onPromptLoaded }: SavedPromptsProps) {
  const templates = useTemplatesStore((state) => state.templates);
  const loadError = useTemplatesStore((state) => state.loadError);
  const [saving, setSaving] = useState(false);
  const [filling, setFilling] = useState<Filling | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const headingId = useId();
  const nameIdPrefix = useId();

  const use = (template: PromptTemplate) => {
    const variables = templateVariables(template.text);
    if (variables.length === 0) {
      setFilling(null);
      loadPrompt(template.text);
      onPromptLoaded();
    } else {
      setFilling({ template, variables });
    }
  };

  const remove = async (template: PromptTemplate) => {
    setError(null);
    const reply = await deleteTemplate(template.id);
    if (!reply.ok) setError(reply.error);
    else if (filling?.template.id === template.id) setFilling(null);
  };

  return (
    <section className="prompt-list-section templates" aria-labelledby={headingId}>
      <div className="prompt-list-head">
        <h2 id={headingId} className="popover-title">
          Saved prompts
        </h2>
        {!saving ? (
          <div className="prompt-list-actions">
            <button type="button" className="button button-small" onClick={() => setSaving(true)}>
              Save as template
            </button>
          </div>
        ) : null}
      </div>
      {saving ? <SaveTemplateForm onDone={() => setSaving(false)} /> : null}
      {filling ? (
        <TemplateFillForm
          key={filling.template.id}
          template={filling.template}
          variables={filling.variables}
          onDone={() => setFilling(null)}
          onInserted={onPromptLoaded}
        />
      ) : null}
      {loadError ? <RetryAlert error={loadError} onRetry={loadTemplates} /> : null}
      {error ? <ErrorAlert error={error} /> : null}
      {templates.length === 0 && !loadError ? (
        <p className="field-note">Save a prompt you come back to; write {'{subject}'} for a blank to fill in.</p>
      ) : (
        <ul className="prompt-list">
          {templates.map((template) => {
            const nameId = `${nameIdPrefix}-${template.id}`;
            return (
              <li key={template.id} className="prompt-list-item">
                <p id={nameId} className="prompt-list-name" dir="auto">
                  {template.name}
                </p>
                <p className="prompt-list-text" dir="auto">
                  {template.text}
                </p>
                <div className="prompt-list-foot">
                  <button type="button" className="button button-small" aria-describedby={nameId} onClick={() => use(template)}>
                    Use
                  </button>
                  <button type="button" className="button button-small button-danger" aria-describedby={nameId} onClick={() => void remove(template)}>
                    Delete
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
