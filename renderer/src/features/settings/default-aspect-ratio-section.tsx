import { useId } from 'react';
import { ASPECT_RATIOS, type AspectRatio } from '../../../../electron/shared/constants';
import type { SettingsView } from '../../../../electron/shared/domain';
import { useRequest } from '../../components/use-request';
import { updateSettings } from '../../stores/settings-store';
import { SettingsSection } from './settings-section';

function isAspectRatio(value: string): value is AspectRatio {
  return (ASPECT_RATIOS as readonly string[]).includes(value);
}

/** A select, not radios: the composer's radios already own the names "16:9" … "1:1". */
export function DefaultAspectRatioSection({ view }: { view: SettingsView }) {
  const { error, run } = useRequest();
  const selectId = useId();

  const onChange = (value: string) => {
    if (isAspectRatio(value)) void run(() => updateSettings({ defaultAspectRatio: value }));
  };

  return (
    <SettingsSection error={error}>
      <label htmlFor={selectId} className="field-label">
        Default aspect ratio
      </label>
      <select id={selectId} className="select" value={view.defaultAspectRatio} onChange={(event) => onChange(event.target.value)}>
        {ASPECT_RATIOS.map((ratio) => (
          <option key={ratio} value={ratio}>
            {ratio}
          </option>
        ))}
      </select>
    </SettingsSection>
  );
}
