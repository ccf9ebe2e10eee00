import { useId, useState, type FormEvent } from 'react';

/** The buttons of a small form inside a library panel or the bulk bar: submit, and Cancel. */
export function InlineFormButtons({ submitLabel, onCancel }: { submitLabel: string; onCancel: () => void }) {
  return (
    <div className="button-row">
      <button type="submit" className="button button-small button-primary">
        {submitLabel}
      </button>
      <button type="button" className="button button-small button-quiet" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

interface RenameFormProps {
  /** The form's accessible name, e.g. "Rename Holiday". */
  formLabel: string;
  fieldLabel: string;
  /** The name now; the field starts with it. */
  name: string;
  maxLength: number;
  /** Called with the new name, trimmed; an empty or unchanged name cancels instead. */
  onRename: (name: string) => Promise<void>;
  onCancel: () => void;
}

/** Renames a collection or a tag in place, in its row. */
export function RenameForm({ formLabel, fieldLabel, name, maxLength, onRename, onCancel }: RenameFormProps) {
  const [draft, setDraft] = useState(name);
  const inputId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const to = draft.trim();
    if (to === '' || to === name) onCancel();
    else void onRename(to);
  };
  return (
    <form className="collection-form" aria-label={formLabel} onSubmit={submit}>
      <label htmlFor={inputId} className="field-label">
        {fieldLabel}
      </label>
      <input id={inputId} className="text-input" dir="auto" value={draft} maxLength={maxLength} autoFocus onChange={(event) => setDraft(event.target.value)} />
      <InlineFormButtons submitLabel="Save" onCancel={onCancel} />
    </form>
  );
}
