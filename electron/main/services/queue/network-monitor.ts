import type { Emit } from '../../../shared/contract';
import type { NetworkStatus } from '../../../shared/domain';

export interface NetworkMonitor {
  status(): NetworkStatus;
  isOnline(): boolean;
  /** Probes the API now (any HTTP answer counts as reachable). */
  check(): Promise<NetworkStatus>;
  /** A request could not reach the API at all (nothing was sent): go offline and probe until it is back. */
  reportUnreachable(): void;
  /** The API answered something: it is reachable. */
  reportReachable(): void;
  onChange(listener: (status: NetworkStatus) => void): () => void;
  close(): void;
}

export interface NetworkMonitorDeps {
  fetch?: typeof fetch;
  baseUrl: () => string;
  emit: Emit;
  now?: () => number;
  /** How often to probe while offline. */
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
}

/**
 * Whether the API can be reached, learned from real requests and, while offline, from a cheap
 * probe (a HEAD to the base URL: no key sent, nothing charged). Offline is a state the user sees
 * and the queue waits on, instead of each job failing in turn.
 */
export function createNetworkMonitor(deps: NetworkMonitorDeps): NetworkMonitor {
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  const now = deps.now ?? Date.now;
  const probeIntervalMs = deps.probeIntervalMs ?? 15_000;
  const probeTimeoutMs = deps.probeTimeoutMs ?? 5_000;
  const listeners = new Set<(status: NetworkStatus) => void>();
  let current: NetworkStatus = { online: true, checkedAt: 0 };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  function set(online: boolean): NetworkStatus {
    const changed = online !== current.online;
    current = { online, checkedAt: now() };
    if (changed && !closed) {
      deps.emit('network:changed', current);
      for (const listener of listeners) listener(current);
    }
    if (online) stopProbing();
    else scheduleProbe();
    return current;
  }

  function stopProbing() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function scheduleProbe() {
    if (closed || timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void check();
    }, probeIntervalMs);
  }

  async function check(): Promise<NetworkStatus> {
    if (closed) return current;
    try {
      const response = await fetchImpl(deps.baseUrl(), { method: 'HEAD', signal: AbortSignal.timeout(probeTimeoutMs), redirect: 'manual' });
      await response.body?.cancel();
      return set(true);
    } catch {
      return set(false);
    }
  }

  return {
    status: () => current,
    isOnline: () => current.online,
    check,
    reportUnreachable: () => void set(false),
    reportReachable: () => void (current.online ? (current = { online: true, checkedAt: now() }) : set(true)),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      stopProbing();
      listeners.clear();
    },
  };
}
