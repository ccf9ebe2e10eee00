import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { requestLibraryReload, setLibraryViewport, useLibraryStore } from '../../renderer/src/stores/library-store';
import { rendererStores, resetRendererStores, storeTimerCancellers } from './store-registry';

const SOURCE = join(__dirname, '../../renderer/src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** `create<State>()(…)` or `create<State>(…)` from zustand, counted in the source itself. */
function storesCreatedInSource(): string[] {
  return sourceFiles(SOURCE).flatMap((path) => {
    const text = readFileSync(path, 'utf8');
    if (!/from 'zustand'/.test(text)) return [];
    const created = text.match(/\bcreate(<[^>]*>)?\(/g) ?? [];
    return created.map(() => relative(SOURCE, path));
  });
}

describe('store registry', () => {
  it('finds every zustand store the renderer creates, so each one is reset between tests', () => {
    const created = storesCreatedInSource();
    expect(created.length).toBeGreaterThanOrEqual(18);
    const found = rendererStores.map(({ name }) => name.split(':')[0]).sort();
    expect(found).toEqual([...created].sort());
  });

  it('puts every store back to its initial state', () => {
    for (const { store } of rendererStores) store.setState({ ...(store.getInitialState() as object), leftOver: true }, true);
    resetRendererStores();
    for (const { name, store } of rendererStores) expect(store.getState(), name).toBe(store.getInitialState());
  });

  it('has the timers of every store module that keeps one, and drops them', () => {
    const withTimers = sourceFiles(SOURCE)
      .filter((path) => /-store\.ts$/.test(path) && /\bset(Timeout|Interval)\(/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(SOURCE, path));
    expect(withTimers).toContain(join('stores', 'library-store.ts'));
    expect(storeTimerCancellers.map(({ name }) => name).sort()).toEqual(withTimers.map((path) => path.split('\\').join('/')).sort());

    vi.useFakeTimers();
    try {
      // A reload waiting to coalesce, and a jump waiting for the scrollbar to rest.
      requestLibraryReload();
      useLibraryStore.setState({ status: 'ready', total: 10_000 });
      setLibraryViewport(5000, 5010);
      expect(vi.getTimerCount()).toBe(2);
      resetRendererStores();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
