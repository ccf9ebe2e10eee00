import { create } from 'zustand';

/** The sections of the Settings dialog, in the order of its tab list. */
export const SETTINGS_SECTIONS = ['account', 'generation', 'library', 'export', 'appearance'] as const;
export type SettingsSectionId = (typeof SETTINGS_SECTIONS)[number];

/**
 * Where focus should land when Settings opens: the section list ('panel'), or a field that an
 * error sent the user to fix. null once it has landed.
 */
export type SettingsFocus = 'panel' | 'api-key' | 'budget' | null;

interface UiState {
  settingsOpen: boolean;
  settingsSection: SettingsSectionId;
  settingsFocus: SettingsFocus;
  /** First start without a key: the welcome asks for one. */
  welcomeOpen: boolean;
}

export const useUiStore = create<UiState>()(() => ({
  settingsOpen: false,
  settingsSection: 'account',
  settingsFocus: null,
  welcomeOpen: false,
}));

/** The section that holds each field an error can send the user to. */
const SECTION_OF_FIELD: Record<'api-key' | 'budget', SettingsSectionId> = { 'api-key': 'account', budget: 'generation' };

export function openSettings(focus: SettingsFocus = 'panel'): void {
  const field = focus === 'api-key' || focus === 'budget' ? focus : null;
  useUiStore.setState((state) => ({
    settingsOpen: true,
    settingsFocus: focus,
    settingsSection: field ? SECTION_OF_FIELD[field] : state.settingsSection,
    // One dialog at a time: Settings takes over from the welcome.
    welcomeOpen: false,
  }));
}

export function closeSettings(): void {
  useUiStore.setState({ settingsOpen: false, settingsFocus: null });
}

export function showSettingsSection(section: SettingsSectionId): void {
  useUiStore.setState({ settingsSection: section });
}

/** First run: greet the user and ask for the key. */
export function openSettingsForWelcome(): void {
  if (!useUiStore.getState().settingsOpen) useUiStore.setState({ welcomeOpen: true });
}

export function closeWelcome(): void {
  useUiStore.setState({ welcomeOpen: false });
}

export function settingsFocused(): void {
  useUiStore.setState({ settingsFocus: null });
}
