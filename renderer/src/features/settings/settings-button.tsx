import { Settings } from 'lucide-react';
import { openSettings, useUiStore } from '../../stores/ui-store';
import { SETTINGS_TOGGLE_ID } from './settings-ids';

export function SettingsButton() {
  const open = useUiStore((state) => state.settingsOpen);
  return (
    <button id={SETTINGS_TOGGLE_ID} type="button" className="button" aria-haspopup="dialog" aria-expanded={open} onClick={() => openSettings('panel')}>
      <Settings aria-hidden="true" />
      Settings
    </button>
  );
}
