import { useShallow } from 'zustand/react/shallow';
import { retryJobs, useQueueStore } from '../../stores/queue-store';
import { refusedByOldKey } from './job-problem';

/** The jobs the API refused for a key it has accepted since, oldest first (the order they were asked for). */
export function selectRefusedByOldKey(state: Pick<ReturnType<typeof useQueueStore.getState>, 'jobs' | 'keyAcceptedAt'>): string[] {
  const ids: string[] = [];
  for (const job of state.jobs.values()) if (refusedByOldKey(job, state.keyAcceptedAt)) ids.push(job.id);
  return ids;
}

/**
 * Once the key works again, the requests it refused before can be sent in one go, from the queue:
 * one click for the user who fixed the key, instead of one Retry per tile. Only on request: a 401
 * was never charged, but nothing is sent without the user asking.
 */
export function KeyRefusals() {
  const ids = useQueueStore(useShallow(selectRefusedByOldKey));
  if (ids.length < 2) return null;
  return (
    <div className="notice queue-banner">
      <p>{ids.length} requests were refused by the key in use then. The API accepts the key now, and nothing was charged for them.</p>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={() => void retryJobs(ids)}>
          Retry {ids.length} refused requests
        </button>
      </div>
    </div>
  );
}
