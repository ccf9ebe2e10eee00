import { create } from 'zustand';
import type { CostSummary } from '../../../electron/shared/domain';
import type { AppError } from '../../../electron/shared/errors';
import { invoke, on } from '../ipc';

/** Mirrors main's spend ledger: today, this month, and whether the daily budget is reached. */
interface CostState {
  summary: CostSummary | null;
  loadError: AppError | null;
}

export const useCostStore = create<CostState>()(() => ({
  summary: null,
  loadError: null,
}));

export async function loadCost(): Promise<void> {
  const reply = await invoke('cost:summary');
  if (reply.ok) useCostStore.setState({ summary: reply.value, loadError: null });
  else useCostStore.setState({ loadError: reply.error });
}

export function followCostEvents(): () => void {
  return on('cost:changed', (summary) => useCostStore.setState({ summary, loadError: null }));
}
