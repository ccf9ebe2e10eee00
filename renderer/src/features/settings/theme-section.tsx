import { useEffect, useId } from 'react';
import type { SettingsView, Theme } from '../../../../electron/shared/domain';
import { useRequest } from '../../components/use-request';
import { updateSettings, useSettingsStore } from '../../stores/settings-store';
import { SettingsSection } from './settings-section';

/** Every Theme (the Record says so), in the order shown. */
const THEME_LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const THEMES = Object.keys(THEME_LABELS) as Theme[];

/** <html data-theme> picks the tokens' palette (theme/tokens.css); without it they follow the system. */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

/** Keeps <html data-theme> on the theme main has saved, from the moment the settings arrive. */
export function useAppliedTheme(): void {
  const theme = useSettingsStore((state) => state.view?.theme ?? 'system');
  useEffect(() => applyTheme(theme), [theme]);
}

/** Native radios in a radiogroup: arrow keys move between them, and each choice is saved at once. */
export function ThemeSection({ view }: { view: SettingsView }) {
  const { error, run } = useRequest();
  const noteId = useId();
  const name = useId();

  return (
    <SettingsSection title="Theme" error={error}>
      <div role="radiogroup" aria-label="Theme" aria-describedby={noteId} className="theme-choices">
        {THEMES.map((theme) => (
          <label key={theme} className="theme-choice" data-theme-choice={theme}>
            <input type="radio" name={name} value={theme} checked={view.theme === theme} onChange={() => void run(() => updateSettings({ theme }))} />
            <span className="theme-swatch" aria-hidden="true" />
            <span>{THEME_LABELS[theme]}</span>
          </label>
        ))}
      </div>
      <p id={noteId} className="field-note">
        System follows your computer’s light or dark setting.
      </p>
    </SettingsSection>
  );
}
