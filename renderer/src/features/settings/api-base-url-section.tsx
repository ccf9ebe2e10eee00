import { useId, useState, type FormEvent } from 'react';
import { API_BASE_URL_ENV, DEFAULT_API_BASE_URL } from '../../../../electron/shared/constants';
import type { SettingsView } from '../../../../electron/shared/domain';
import { useRequest } from '../../components/use-request';
import { updateSettings } from '../../stores/settings-store';
import { SettingsSection } from './settings-section';

function sourceText(view: SettingsView): string {
  switch (view.apiBaseUrlSource) {
    case 'environment':
      return `Set by the ${API_BASE_URL_ENV} environment variable, which overrides this setting. Unset it to edit the address here.`;
    case 'settings':
      return 'Your own address, saved in settings.';
    case 'default':
      return 'The default AI/ML API address.';
  }
}

/** Mounted with a key of the saved value, so the draft starts from what main has. */
export function ApiBaseUrlSection({ view }: { view: SettingsView }) {
  const [draft, setDraft] = useState(view.apiBaseUrl ?? '');
  const { busy, error, run } = useRequest();
  const inputId = useId();
  const sourceId = useId();
  const locked = view.apiBaseUrlSource === 'environment';

  const apply = (apiBaseUrl: string | null) => run(() => updateSettings({ apiBaseUrl }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (locked || busy) return;
    const trimmed = draft.trim();
    void apply(trimmed === '' ? null : trimmed);
  };

  return (
    <SettingsSection title="API address" error={error}>
      <p className="field-note">
        Requests go to <code className="address">{view.effectiveApiBaseUrl}</code>
      </p>
      <p id={sourceId} className="field-note" data-source={view.apiBaseUrlSource}>
        {sourceText(view)}
      </p>
      <form onSubmit={onSubmit} noValidate>
        <label htmlFor={inputId} className="field-label">
          API base URL
        </label>
        <input
          id={inputId}
          type="url"
          inputMode="url"
          className="text-input"
          value={draft}
          placeholder={DEFAULT_API_BASE_URL}
          onChange={(event) => setDraft(event.target.value)}
          disabled={locked}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={sourceId}
        />
        <div className="button-row">
          <button type="submit" className="button" disabled={locked || busy}>
            Save address
          </button>
          <button
            type="button"
            className="button button-quiet"
            disabled={locked || busy}
            onClick={() => {
              setDraft('');
              void apply(null);
            }}
          >
            Use default address
          </button>
        </div>
      </form>
    </SettingsSection>
  );
}
