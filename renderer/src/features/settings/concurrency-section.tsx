import { useId, useState } from 'react';
import { MAX_CONCURRENCY } from '../../../../electron/shared/constants';
import type { SettingsView } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { CountInput } from '../../components/count-input';
import { ErrorAlert } from '../../components/error-alert';
import { updateSettings } from '../../stores/settings-store';

export function ConcurrencySection({ view }: { view: SettingsView }) {
  const [error, setError] = useState<AppError | null>(null);
  const inputId = useId();
  const noteId = useId();

  const onCommit = async (concurrency: number) => {
    setError(null);
    const reply = await updateSettings({ concurrency });
    if (!reply.ok) setError(reply.error);
  };

  return (
    <section className="settings-section">
      <label htmlFor={inputId} className="field-label">
        Concurrent requests
      </label>
      <CountInput
        id={inputId}
        value={view.concurrency}
        min={1}
        max={MAX_CONCURRENCY}
        onCommit={(value) => void onCommit(value)}
        describedBy={noteId}
      />
      <p id={noteId} className="field-note">
        How many images are requested at once. More finishes a batch sooner, and meets the API’s rate limit sooner.
      </p>
      {error ? <ErrorAlert error={error} /> : null}
    </section>
  );
}
