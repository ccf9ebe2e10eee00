import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import type { ReverieApi } from '../../electron/shared/contract';
import { FakeReverie } from './support/fake-reverie';
import { resetRendererStores } from './store-registry';

// Hang guards, not measurements: on a busy machine (two cores shared by several suites) a test that
// drives the whole app takes several seconds, and what a wait waits for may take over a second.
// A test fails on what it sees, never on how long it took.
vi.setConfig({ testTimeout: 60_000 });
configure({ asyncUtilTimeout: 10_000 });

/**
 * The stores are module singletons; every test starts from their initial state, with real timers,
 * and a test whose fake main process threw (a bug in the fake or the test, answered to the page
 * as an `internal` error the way main would) fails instead of passing on that error.
 */
afterEach(() => {
  cleanup();
  resetRendererStores();
  vi.useRealTimers();
  // Not every test installs a bridge.
  const bridge = window.reverie as ReverieApi | undefined;
  if (bridge instanceof FakeReverie && bridge.handlerBugs.length > 0) {
    const [first] = bridge.handlerBugs;
    throw new Error(`The fake main process threw on "${first?.channel}": ${String(first?.error)}`, { cause: first?.error });
  }
});

// jsdom has no pointer capture (Element.setPointerCapture and friends, Pointer Events 2); radix Toast
// calls hasPointerCapture on every pointerup in a toast (swipe handling). As in a browser with no
// capture held: nothing is captured, and releasing what is not held does nothing.
if (typeof Element.prototype.hasPointerCapture !== 'function') {
  Element.prototype.hasPointerCapture = () => false;
  Element.prototype.setPointerCapture = () => undefined;
  Element.prototype.releasePointerCapture = () => undefined;
}
