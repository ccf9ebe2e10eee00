import { useId, useState } from 'react';
import { ASPECT_RATIOS, type AspectRatio } from '../../../../electron/shared/constants';
import type { SettingsView } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { updateSettings } from '../../stores/settings-store';

function isAspectRatio(value: string): value is AspectRatio {
  return (ASPECT_RATIOS as readonly string[]).includes(value);
}

/** A select, not radios: the composer's radios already own the names "16:9" … "1:1". */
export function DefaultAspectRatioSection({ view }: { view: SettingsView }) {
  const [error, setError] = useState<AppError | null>(null);
  const selectId = useId();

  const onChange = async (value: string) => {
    if (!isAspectRatio(value)) return;
    setError(null);
    const reply = await updateSettings({ defaultAspectRatio: value });
    if (!reply.ok) setError(reply.error);
  };

  return (
    <section className="settings-section">
      <label htmlFor={selectId} className="field-label">
        Default aspect ratio
      </label>
      <select
        id={selectId}
        className="select"
        value={view.defaultAspectRatio}
        onChange={(event) => void onChange(event.target.value)}
      >
        {ASPECT_RATIOS.map((ratio) => (
          <option key={ratio} value={ratio}>
            {ratio}
          </option>
        ))}
      </select>
      {error ? <ErrorAlert error={error} /> : null}
    </section>
  );
}
