import { create } from 'zustand';
import type { ChannelReply } from '../../../electron/shared/contract';
import type { KeyStatus } from '../../../electron/shared/domain';
import type { AppError } from '../../../electron/shared/errors';
import { invoke } from '../ipc';

/**
 * Mirrors what main knows about the API key: whether one is stored, where, and its last 4
 * characters. The key itself never enters this store; it lives only in the password field
 * until it is handed to main.
 */
interface KeyState {
  status: KeyStatus | null;
  loading: boolean;
  loadError: AppError | null;
}

export const useKeyStore = create<KeyState>()(() => ({
  status: null,
  loading: false,
  loadError: null,
}));

export async function loadKeyStatus(): Promise<KeyStatus | null> {
  useKeyStore.setState({ loading: true, loadError: null });
  const reply = await invoke('key:status');
  if (reply.ok) {
    useKeyStore.setState({ status: reply.value, loading: false });
    return reply.value;
  }
  useKeyStore.setState({ loading: false, loadError: reply.error });
  return null;
}

export async function saveKey(key: string, sessionOnly: boolean): Promise<ChannelReply<'key:save'>> {
  const reply = await invoke('key:save', { key, sessionOnly });
  if (reply.ok) useKeyStore.setState({ status: reply.value, loadError: null });
  return reply;
}

export async function removeKey(): Promise<ChannelReply<'key:remove'>> {
  const reply = await invoke('key:remove');
  if (reply.ok) useKeyStore.setState({ status: reply.value, loadError: null });
  return reply;
}
