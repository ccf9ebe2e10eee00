/// <reference types="vite/client" />

/**
 * Every zustand store of the renderer, found by file name rather than listed by hand, so a new
 * store is reset between tests without anyone remembering to add it. store-registry.test.ts
 * checks that this finds as many stores as the source creates, and every store module's timers.
 */

interface ResettableStore {
  getState: () => unknown;
  getInitialState: () => unknown;
  setState: (state: unknown, replace: true) => void;
  subscribe: unknown;
}

// Eager: the setup file must reach the very module instances the app under test imports.
const modules = import.meta.glob<Record<string, unknown>>('../../renderer/src/**/*-store.ts', { eager: true });

function isStore(value: unknown): value is ResettableStore {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<ResettableStore>).getState === 'function' &&
    typeof (value as Partial<ResettableStore>).getInitialState === 'function' &&
    typeof (value as Partial<ResettableStore>).setState === 'function' &&
    typeof (value as Partial<ResettableStore>).subscribe === 'function'
  );
}

/** A module's path from renderer/src, e.g. `stores/library-store.ts`. */
const sourceName = (path: string) => path.replace(/^.*renderer\/src\//, '');

export const rendererStores: ReadonlyArray<{ name: string; store: ResettableStore }> = Object.entries(modules).flatMap(([path, exports]) =>
  Object.entries(exports)
    .filter((entry): entry is [string, ResettableStore] => isStore(entry[1]))
    .map(([name, store]) => ({ name: `${sourceName(path)}:${name}`, store })),
);

/**
 * A store module that schedules work on a timer exports `cancelTimers` (store-registry.test.ts
 * holds every such module to it), so nothing one test scheduled fires in the next.
 */
export const storeTimerCancellers: ReadonlyArray<{ name: string; cancelTimers: () => void }> = Object.entries(modules).flatMap(([path, exports]) => {
  const cancel = exports.cancelTimers;
  return typeof cancel === 'function' ? [{ name: sourceName(path), cancelTimers: cancel as () => void }] : [];
});

/** Puts every store back to the state it was created with, and drops the timers store modules keep. */
export function resetRendererStores(): void {
  for (const { cancelTimers } of storeTimerCancellers) cancelTimers();
  for (const { store } of rendererStores) store.setState(store.getInitialState(), true);
}
