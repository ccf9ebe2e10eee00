import { create } from 'zustand';
import type { PromptHistoryEntry } from '../../../electron/shared/domain';
import type { AppError } from '../../../electron/shared/errors';
import { invoke } from '../ipc';

/** The prompts main remembers as sent, newest first, filtered by the search box. */
interface HistoryState {
  query: string;
  entries: PromptHistoryEntry[];
  loading: boolean;
  error: AppError | null;
}

export const useHistoryStore = create<HistoryState>()(() => ({
  query: '',
  entries: [],
  loading: false,
  error: null,
}));

let latestRequest = 0;

/** Asks main for the entries matching `query`; a slower, older answer never overwrites a newer one. */
export async function searchHistory(query: string): Promise<void> {
  const request = ++latestRequest;
  useHistoryStore.setState({ query, loading: true, error: null });
  const reply = await invoke('history:list', { query });
  if (request !== latestRequest) return;
  if (reply.ok) useHistoryStore.setState({ entries: reply.value, loading: false });
  else useHistoryStore.setState({ loading: false, error: reply.error });
}

export function refreshHistory(): Promise<void> {
  return searchHistory(useHistoryStore.getState().query);
}
