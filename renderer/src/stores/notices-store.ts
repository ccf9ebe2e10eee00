import { create } from 'zustand';
import type { Notice } from '../../../electron/shared/domain';
import { invoke, on } from '../ipc';

/** Mirror of main's notice board: what main found and fixed on its own and must tell the user. */
interface NoticesState {
  notices: Notice[];
  /** Why the last Dismiss / Show in folder / Rebuild failed, if it did. */
  actionError: string | null;
  /** A rebuild asked for from a notice is running. */
  rebuilding: boolean;
}

export const useNoticesStore = create<NoticesState>()(() => ({ notices: [], actionError: null, rebuilding: false }));

export async function loadNotices(): Promise<void> {
  const reply = await invoke('notices:list');
  if (reply.ok) useNoticesStore.setState({ notices: reply.value });
}

export async function dismissNotice(id: string): Promise<void> {
  const reply = await invoke('notices:dismiss', { id });
  useNoticesStore.setState(reply.ok ? { notices: reply.value, actionError: null } : { actionError: reply.error.message });
}

export async function revealNotice(id: string): Promise<void> {
  const reply = await invoke('notices:reveal', { id });
  useNoticesStore.setState({ actionError: reply.ok ? null : reply.error.message });
}

/** A notice's "Rebuild library": main sets the damaged database aside, rebuilds, and replaces the notice with what it did. */
export async function rebuildFromNotice(): Promise<void> {
  if (useNoticesStore.getState().rebuilding) return;
  useNoticesStore.setState({ rebuilding: true, actionError: null });
  const reply = await invoke('library:rebuild');
  useNoticesStore.setState({ rebuilding: false, actionError: reply.ok ? null : reply.error.message });
}

/** Follows `notices:changed`; returns the cleanup. */
export function followNoticeEvents(): () => void {
  return on('notices:changed', (notices) => useNoticesStore.setState({ notices }));
}
