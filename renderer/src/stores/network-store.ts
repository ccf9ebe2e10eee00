import { create } from 'zustand';
import type { NetworkStatus } from '../../../electron/shared/domain';
import { invoke, on } from '../ipc';

/**
 * Whether the API can be reached. Main is the judge (a request that could not reach the API at
 * all); the browser's own online/offline events are a hint: "offline" shows the banner at once,
 * "online" asks main to check again rather than trusting the browser.
 */
interface NetworkState {
  /** Main's last word; null until it has answered. */
  status: NetworkStatus | null;
  /** navigator.onLine, kept current by the window's events. */
  browserOnline: boolean;
  checking: boolean;
}

export const useNetworkStore = create<NetworkState>()(() => ({
  status: null,
  browserOnline: typeof navigator === 'undefined' ? true : navigator.onLine,
  checking: false,
}));

export function isOffline(state: NetworkState): boolean {
  return !state.browserOnline || state.status?.online === false;
}

export function useOffline(): boolean {
  return useNetworkStore(isOffline);
}

/** Main's status changes as events too; a late reply must not undo a newer event. */
function applyStatus(status: NetworkStatus): void {
  useNetworkStore.setState((state) => (state.status !== null && state.status.checkedAt > status.checkedAt ? state : { status }));
}

export async function loadNetworkStatus(): Promise<void> {
  const reply = await invoke('network:status');
  if (reply.ok) applyStatus(reply.value);
}

export async function checkNetwork(): Promise<void> {
  useNetworkStore.setState({ checking: true });
  const reply = await invoke('network:check');
  useNetworkStore.setState({ checking: false });
  if (reply.ok) applyStatus(reply.value);
}

/** Follows main's `network:changed` and the window's online/offline events; returns the cleanup. */
export function followNetworkEvents(): () => void {
  const onOnline = () => {
    useNetworkStore.setState({ browserOnline: true });
    void checkNetwork();
  };
  const onOffline = () => useNetworkStore.setState({ browserOnline: false });
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  const stop = on('network:changed', applyStatus);
  return () => {
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    stop();
  };
}
