import { create } from 'zustand';

/** Where focus should land when the settings panel opens; null leaves focus where it is. */
export type SettingsFocus = 'panel' | 'api-key' | 'budget' | null;

interface UiState {
  settingsOpen: boolean;
  /** The panel was opened for a first run without a key: greet the user. */
  welcome: boolean;
  settingsFocus: SettingsFocus;
}

export const useUiStore = create<UiState>()(() => ({
  settingsOpen: false,
  welcome: false,
  settingsFocus: null,
}));

export function openSettings(focus: SettingsFocus = 'panel'): void {
  useUiStore.setState({ settingsOpen: true, settingsFocus: focus });
}

export function closeSettings(): void {
  useUiStore.setState({ settingsOpen: false, settingsFocus: null, welcome: false });
}

export function toggleSettings(): void {
  if (useUiStore.getState().settingsOpen) closeSettings();
  else openSettings('panel');
}

/** First run: open without moving focus, so the page still reads from the top. */
export function openSettingsForWelcome(): void {
  useUiStore.setState({ settingsOpen: true, welcome: true, settingsFocus: null });
}

export function settingsFocused(): void {
  useUiStore.setState({ settingsFocus: null });
}
