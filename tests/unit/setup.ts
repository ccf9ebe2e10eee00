import { vi } from 'vitest';

/*
 * Hang guards, not measurements. These machines are shared: with several suites on two cores a
 * step that takes 50 ms when quiet can take seconds, and Vitest's 1 s default for `vi.waitFor`
 * then fails a sound test (seen at a load average of 12). A wait still ends the moment what it
 * waits for is true; only a wait that never comes true takes this long to fail. Waits that pass
 * their own timeout keep it. The test and hook timeouts and `expect.poll` are set in vitest.config.ts.
 */
const WAIT_GUARD_MS = 60_000;
const waitFor = vi.waitFor.bind(vi);
vi.waitFor = ((callback, options) => waitFor(callback, typeof options === 'number' ? options : { timeout: WAIT_GUARD_MS, ...options })) as typeof vi.waitFor;
