import { useId } from 'react';
import { MAX_CONCURRENCY } from '../../../../electron/shared/constants';
import type { SettingsView } from '../../../../electron/shared/domain';
import { CountInput } from '../../components/count-input';
import { useRequest } from '../../components/use-request';
import { updateSettings } from '../../stores/settings-store';
import { SettingsSection } from './settings-section';

export function ConcurrencySection({ view }: { view: SettingsView }) {
  const { error, run } = useRequest();
  const inputId = useId();
  const noteId = useId();

  return (
    <SettingsSection error={error}>
      <label htmlFor={inputId} className="field-label">
        Concurrent requests
      </label>
      <CountInput
        id={inputId}
        value={view.concurrency}
        min={1}
        max={MAX_CONCURRENCY}
        onCommit={(concurrency) => void run(() => updateSettings({ concurrency }))}
        describedBy={noteId}
      />
      <p id={noteId} className="field-note">
        How many images are requested at once. More finishes a batch sooner, and meets the API’s rate limit sooner.
      </p>
    </SettingsSection>
  );
}
