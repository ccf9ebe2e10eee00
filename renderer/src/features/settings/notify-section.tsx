import { useId } from 'react';
import type { SettingsView } from '../../../../electron/shared/domain';
import { useRequest } from '../../components/use-request';
import { updateSettings } from '../../stores/settings-store';
import { SettingsSection } from './settings-section';

export function NotifySection({ view }: { view: SettingsView }) {
  const { error, run } = useRequest();
  const checkboxId = useId();
  const noteId = useId();

  return (
    <SettingsSection error={error}>
      <label className="check-option" htmlFor={checkboxId}>
        <input
          id={checkboxId}
          type="checkbox"
          checked={view.notifyWhenDone}
          onChange={(event) => void run(() => updateSettings({ notifyWhenDone: event.target.checked }))}
          aria-describedby={noteId}
        />
        <span>Notify when a batch finishes</span>
      </label>
      <p id={noteId} className="field-note">
        A system notification, only while Reverie is in the background.
      </p>
    </SettingsSection>
  );
}
