import { describe, expect, it } from 'vitest';
import type { CdpPage } from '../../scripts/bench/cdp/cdp-page';
import { phaseClock } from '../../scripts/bench/scroll-phases';

/** The scroll bench's REVERIE_BENCH_PHASES report: each long task named by the step it began in. */
describe('scroll bench phases', () => {
  const page = {} as CdpPage;
  const clock = (times: number[]) => async () => {
    const next = times.shift();
    if (next === undefined) throw new Error('the clock was read more often than the test expects');
    return next;
  };

  it('names the step each long task began in, with when and how long, on the page clock', async () => {
    const phases = await phaseClock(page, clock([1000, 3000, 3500, 9000]));
    await phases.mark('wheel');
    await phases.mark('click');
    await phases.mark('End');
    const report = phases.report([
      { start: 1200, duration: 62.4 },
      { start: 3000, duration: 51 },
      { start: 8999, duration: 80 },
      { start: 9500, duration: 55 },
    ]);
    expect(report.split('\n')).toEqual([
      'scroll bench: long task of 62 ms, 0.20 s in, during wheel',
      // A task that began the moment a step closed belongs to the next step.
      'scroll bench: long task of 51 ms, 2.00 s in, during click',
      'scroll bench: long task of 80 ms, 8.00 s in, during End',
      'scroll bench: long task of 55 ms, 8.50 s in, during after the last step',
    ]);
  });

  it('says so when there was none', async () => {
    const phases = await phaseClock(page, clock([0, 10]));
    await phases.mark('wheel');
    expect(phases.report([])).toBe('scroll bench: no long task in any step');
  });
});
