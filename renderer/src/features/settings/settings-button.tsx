import { toggleSettings, useUiStore } from '../../stores/ui-store';
import { SETTINGS_PANEL_ID, SETTINGS_TOGGLE_ID } from './settings-ids';

export function SettingsButton() {
  const open = useUiStore((state) => state.settingsOpen);
  return (
    <button id={SETTINGS_TOGGLE_ID} type="button" className="button" aria-expanded={open} aria-controls={SETTINGS_PANEL_ID} onClick={toggleSettings}>
      Settings
    </button>
  );
}
