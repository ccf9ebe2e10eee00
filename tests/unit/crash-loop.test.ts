import { describe, expect, it } from 'vitest';
import { describeFigures, runCrashLoop } from '../crash-loop/crash-loop';

/**
 * A studio in a child process killed with SIGKILL at seeded random points while it generates (link
 * and base64 delivery), exports and moves its library, then opened again; `npm run soak -- --kills 500`
 * runs the long version of the same loop. REVERIE_CRASH_LOOP_SEED replays a run whose seed was printed.
 */
const KILLS = Number(process.env.REVERIE_CRASH_LOOP_KILLS ?? 40);
const SEED = Number(process.env.REVERIE_CRASH_LOOP_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('crash loop', () => {
  // The timeout only stops a hang; nothing here depends on how long a kill or a start takes.
  it(`loses no paid image and sends no job twice over ${KILLS} kills`, { timeout: 1_800_000 }, async () => {
    console.log(`crash loop: seed ${SEED} (REVERIE_CRASH_LOOP_SEED=${SEED} replays it)`);
    const figures = await runCrashLoop({ kills: KILLS, seed: SEED, log: (line) => console.log(line), keepFailedFolder: true });
    console.log(describeFigures(figures));
    expect(figures.childFailures).toEqual([]);
    expect(figures.lost).toEqual([]);
    expect(figures.duplicates).toEqual([]);
    expect(figures.orphans).toEqual([]);
    expect(figures.missingFiles).toEqual([]);
    expect(figures.integrityFailures).toEqual([]);
    expect(figures.integrity).toBe('ok');
    // The loop must really have worked: images of both deliveries were paid for and filed.
    expect(figures.answered.url).toBeGreaterThan(0);
    expect(figures.answered.base64).toBeGreaterThan(0);
    expect(figures.filed).toBeGreaterThan(0);
  });
});
