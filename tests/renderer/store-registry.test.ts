import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererStores, resetRendererStores } from './store-registry';

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
});
