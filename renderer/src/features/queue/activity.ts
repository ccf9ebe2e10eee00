import type { Job } from '../../../../electron/shared/domain';
import { formatCost } from '../../components/money';
import type { Batch } from '../../stores/queue-store';
import { isActive, isRunning, isWaiting } from './job-state';

export interface Activity {
  running: number;
  waiting: number;
  /** Jobs that ended without an image and are still listed (failed, refused, interrupted). */
  failed: number;
  /** What the batches still at work have cost so far, in credits; null when nothing was charged yet. */
  credits: number | null;
  paused: boolean;
}

/** The header's summary of the queue, in one pass over the jobs. */
export function activityOf(jobs: ReadonlyMap<string, Job>, batches: readonly Batch[], paused: boolean): Activity {
  let running = 0;
  let waiting = 0;
  let failed = 0;
  for (const job of jobs.values()) {
    if (isRunning(job)) running += 1;
    else if (isWaiting(job)) waiting += 1;
    else if (job.state === 'failed' || job.state === 'refused' || job.state === 'interrupted') failed += 1;
  }
  let credits: number | null = null;
  for (const batch of batches) {
    const members = batch.jobIds.map((id) => jobs.get(id)).filter((job): job is Job => job !== undefined);
    if (!members.some(isActive)) continue;
    for (const job of members) if (job.credits !== null) credits = (credits ?? 0) + job.credits;
  }
  return { running, waiting, failed, credits, paused };
}

/** "3 running · 1 waiting · $0.19"; empty when idle. Failures show only when nothing runs, so the busy line stays short. */
export function activityText(activity: Activity): string {
  const parts: string[] = [];
  if (activity.running > 0) parts.push(`${activity.running} running`);
  if (activity.waiting > 0) parts.push(`${activity.waiting} waiting${activity.paused ? ' (paused)' : ''}`);
  const cost = formatCost(activity.credits);
  if (parts.length > 0 && cost !== null) parts.push(cost);
  if (parts.length === 0 && activity.failed > 0) parts.push(`${activity.failed} failed`);
  return parts.join(' · ');
}
