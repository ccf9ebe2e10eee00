import { useId } from 'react';
import type { SettingsView } from '../../../../electron/shared/domain';
import { useRequest } from '../../components/use-request';
import { updateSettings } from '../../stores/settings-store';
import { SettingsSection } from './settings-section';

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
  const { error, run } = useRequest();
  const selectId = useId();
  const noteId = useId();

  return (
    <SettingsSection error={error}>
      <label className="field" htmlFor={selectId}>
        <span className="field-label">When dragging out</span>
        <select
          id={selectId}
          className="select"
          value={view.dragFormat}
          aria-describedby={noteId}
          onChange={(event) => void run(() => updateSettings({ dragFormat: event.target.value as DragFormat }))}
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
    </SettingsSection>
  );
}
