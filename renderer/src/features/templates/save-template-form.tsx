import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../components/error-alert';
import { useRequest } from '../../components/use-request';
import { useComposerStore } from '../../stores/composer-store';
import { saveTemplate } from '../../stores/templates-store';

/** Names the composer's current prompt and saves it; main checks the name and the text. */
export function SaveTemplateForm({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const { busy, error, run } = useRequest();
  const nameId = useId();
  const noteId = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const prompt = useComposerStore((state) => state.prompt);

  useEffect(() => nameRef.current?.focus(), []);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const reply = await run(() => saveTemplate(name, useComposerStore.getState().prompt));
    if (reply.ok) onDone();
  };

  return (
    <form className="template-save" onSubmit={(event) => void onSubmit(event)} noValidate>
      <label htmlFor={nameId} className="field-label">
        Template name
      </label>
      <input
        ref={nameRef}
        id={nameId}
        type="text"
        className="text-input"
        value={name}
        maxLength={100}
        onChange={(event) => setName(event.target.value)}
        aria-describedby={noteId}
        autoComplete="off"
        dir="auto"
      />
      <p id={noteId} className="field-note">
        {prompt.trim() === ''
          ? 'Saves the prompt in the composer, which is empty now.'
          : 'Saves the prompt in the composer. Write {subject} for a blank to fill in each time it is used.'}
      </p>
      <div className="button-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          Save template
        </button>
        <button type="button" className="button button-quiet" onClick={onDone}>
          Discard
        </button>
      </div>
      {error ? <ErrorAlert error={error} /> : null}
    </form>
  );
}
