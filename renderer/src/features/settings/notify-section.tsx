import { useId, useState } from 'react';
import type { SettingsView } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { updateSettings } from '../../stores/settings-store';

export function NotifySection({ view }: { view: SettingsView }) {
  const [error, setError] = useState<AppError | null>(null);
  const checkboxId = useId();
  const noteId = useId();

  const onChange = async (notifyWhenDone: boolean) => {
    setError(null);
    const reply = await updateSettings({ notifyWhenDone });
    if (!reply.ok) setError(reply.error);
  };

  return (
    <section className="settings-section">
      <label className="check-option" htmlFor={checkboxId}>
        <input
          id={checkboxId}
          type="checkbox"
          checked={view.notifyWhenDone}
          onChange={(event) => void onChange(event.target.checked)}
          aria-describedby={noteId}
        />
        <span>Notify when a batch finishes</span>
      </label>
      <p id={noteId} className="field-note">
        A system notification, only while Reverie is in the background.
      </p>
      {error ? <ErrorAlert error={error} /> : null}
    </section>
  );
}
