import { useId, useState } from 'react';
import type { SettingsView } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { updateSettings } from '../../stores/settings-store';

type DragFormat = SettingsView['dragFormat'];

/** DRAG_FORMATS (constants.ts), with the names the user sees. */
const DRAG_FORMAT_LABELS: Record<DragFormat, string> = {
  original: 'Original file',
  png: 'PNG copy',
  jpeg: 'JPEG copy',
  webp: 'WebP copy',
};

/** What a tile dragged out of the window hands to the other app. */
export function DragFormatSection({ view }: { view: SettingsView }) {
  const [error, setError] = useState<AppError | null>(null);
  const selectId = useId();
  const noteId = useId();

  const onChange = async (dragFormat: DragFormat) => {
    setError(null);
    const reply = await updateSettings({ dragFormat });
    if (!reply.ok) setError(reply.error);
  };

  return (
    <section className="settings-section">
      <label className="field" htmlFor={selectId}>
        <span className="field-label">When dragging out</span>
        <select
          id={selectId}
          className="select"
          value={view.dragFormat}
          aria-describedby={noteId}
          onChange={(event) => void onChange(event.target.value as DragFormat)}
        >
          {(Object.keys(DRAG_FORMAT_LABELS) as DragFormat[]).map((format) => (
            <option key={format} value={format}>
              {DRAG_FORMAT_LABELS[format]}
            </option>
          ))}
        </select>
      </label>
      <p id={noteId} className="field-note">
        What an image dragged from the library into another app becomes. Copies are made in a temporary folder.
      </p>
      {error ? <ErrorAlert error={error} /> : null}
    </section>
  );
}
