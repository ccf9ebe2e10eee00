import type { CdpPage } from './cdp/cdp-page';
import { pageNow, type LongTask } from './scroll-probe';

/**
 * REVERIE_BENCH_PHASES=1: the scroll bench says in which of its steps (wheel, click, scrollbar drag,
 * Home, End) each long task began, on stderr. A whole run reports only how many there were and the
 * worst; this tells which of a person's gestures a long task came with, without a trace (tracing
 * costs the page time of its own and changes what it measures).
 */
export async function phaseClock(page: CdpPage, now: (page: CdpPage) => Promise<number> = pageNow) {
  const ends: { name: string; at: number }[] = [];
  const began = await now(page);
  return {
    /** Closes the step that has just finished, at the page's clock. */
    async mark(name: string): Promise<void> {
      ends.push({ name, at: await now(page) });
    },
    /** One line per long task: the step it began in, when, and how long it ran. */
    report(tasks: readonly LongTask[]): string {
      if (tasks.length === 0) return 'scroll bench: no long task in any step';
      return tasks
        .map((task) => {
          const step = ends.find((end) => task.start < end.at)?.name ?? 'after the last step';
          return `scroll bench: long task of ${Math.round(task.duration)} ms, ${((task.start - began) / 1000).toFixed(2)} s in, during ${step}`;
        })
        .join('\n');
    },
  };
}
