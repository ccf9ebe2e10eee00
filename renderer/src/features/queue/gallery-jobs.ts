import { useShallow } from 'zustand/react/shallow';
import type { Job } from '../../../../electron/shared/domain';
import { useQueueStore } from '../../stores/queue-store';
import { canDownloadAgain, isActive } from './job-state';

/**
 * Whether a job has a tile in the gallery: running or waiting (a pending tile that turns into its
 * image), or ended without an image and still in the queue (failed, refused, interrupted, or
 * cancelled with a paid image at its link). Done jobs are their image; Dismiss removes the rest.
 */
export function showsInGallery(job: Job): boolean {
  if (isActive(job)) return true;
  if (job.state === 'failed' || job.state === 'refused' || job.state === 'interrupted') return true;
  return job.state === 'cancelled' && canDownloadAgain(job);
}

/** The gallery's jobs, newest batch first; within a batch in the order main created them (ratio by ratio). */
export function selectGalleryJobs(state: Pick<ReturnType<typeof useQueueStore.getState>, 'jobs' | 'batches'>): Job[] {
  const shown: Job[] = [];
  for (const batch of state.batches) {
    for (const id of batch.jobIds) {
      const job = state.jobs.get(id);
      if (job && showsInGallery(job)) shown.push(job);
    }
  }
  return shown;
}

/**
 * The jobs to show at the start of the gallery. Re-renders only when that list or one of its jobs
 * changes (jobs are replaced, never mutated, so the shallow comparison sees every update).
 */
export function useGalleryJobs(): readonly Job[] {
  return useQueueStore(useShallow(selectGalleryJobs));
}
