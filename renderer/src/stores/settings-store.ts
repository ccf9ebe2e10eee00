import { create } from 'zustand';
import type { ChannelReply } from '../../../electron/shared/contract';
import type { SettingsUpdate, SettingsView } from '../../../electron/shared/domain';
import type { AppError } from '../../../electron/shared/errors';
import { invoke } from '../ipc';

/** Mirrors main's settings; main validates and persists every change. */
interface SettingsState {
  view: SettingsView | null;
  loadError: AppError | null;
}

export const useSettingsStore = create<SettingsState>()(() => ({
  view: null,
  loadError: null,
}));

export async function loadSettings(): Promise<void> {
  const reply = await invoke('settings:get');
  if (reply.ok) useSettingsStore.setState({ view: reply.value, loadError: null });
  else useSettingsStore.setState({ loadError: reply.error });
}

export async function updateSettings(update: SettingsUpdate): Promise<ChannelReply<'settings:update'>> {
  const reply = await invoke('settings:update', update);
  if (reply.ok) useSettingsStore.setState({ view: reply.value, loadError: null });
  return reply;
}
