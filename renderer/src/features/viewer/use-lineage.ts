import { useEffect, useState } from 'react';
import type { ItemLineage } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { invoke, on } from '../../ipc';

/** A burst of library events (a batch arriving, a bulk tag) asks main once, not once per event. */
const REFRESH_DELAY_MS = 150;

export type LineageState = { status: 'loading' } | { status: 'ready'; lineage: ItemLineage } | { status: 'failed'; error: AppError };

/**
 * Where an item came from and what was made from it (`library:lineage`), asked again whenever the
 * library changes: a new version arrives, a source is trashed, restored or deleted, a rebuild.
 * A slow answer for an earlier ask is dropped.
 */
export function useLineage(id: string): LineageState {
  const [state, setState] = useState<LineageState>({ status: 'loading' });

  useEffect(() => {
    let request = 0;
    let timer: number | null = null;
    let stopped = false;
    const load = async () => {
      const mine = ++request;
      const reply = await invoke('library:lineage', { id });
      if (stopped || mine !== request) return;
      setState(reply.ok ? { status: 'ready', lineage: reply.value } : { status: 'failed', error: reply.error });
    };
    const refresh = () => {
      if (timer !== null) window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        timer = null;
        void load();
      }, REFRESH_DELAY_MS);
    };
    void load();
    const stops = [on('library:item-added', refresh), on('library:item-updated', refresh), on('library:changed', refresh)];
    return () => {
      stopped = true;
      if (timer !== null) window.clearTimeout(timer);
      stops.forEach((stop) => stop());
    };
  }, [id]);

  return state;
}
