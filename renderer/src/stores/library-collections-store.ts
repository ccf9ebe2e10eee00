import { create } from 'zustand';
import type { ChangeSummary, Collection } from '../../../electron/shared/domain';
import type { AppError, Result } from '../../../electron/shared/errors';
import { invoke, on } from '../ipc';

/** A mirror of main's collections, with their counts, for the filter, the bulk bar and the panel. */
interface CollectionsState {
  collections: readonly Collection[];
  loaded: boolean;
  error: AppError | null;
}

export const useCollectionsStore = create<CollectionsState>()(() => ({ collections: [], loaded: false, error: null }));

const byName = (a: Collection, b: Collection) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

export async function loadCollections(): Promise<void> {
  const reply = await invoke('collections:list');
  if (!reply.ok) {
    useCollectionsStore.setState({ error: reply.error });
    return;
  }
  useCollectionsStore.setState({ collections: [...reply.value].sort(byName), loaded: true, error: null });
}

function upsert(collection: Collection): void {
  useCollectionsStore.setState((state) => ({
    collections: [...state.collections.filter((other) => other.id !== collection.id), collection].sort(byName),
    error: null,
  }));
}

export async function createCollection(name: string): Promise<Result<Collection>> {
  const reply = await invoke('collections:create', { name });
  if (reply.ok) upsert(reply.value);
  return reply;
}

export async function renameCollection(id: string, name: string): Promise<Result<Collection>> {
  const reply = await invoke('collections:rename', { id, name });
  if (reply.ok) upsert(reply.value);
  return reply;
}

/** Deletes the collection only: its images stay in the library. */
export async function deleteCollection(id: string): Promise<Result<ChangeSummary>> {
  const reply = await invoke('collections:delete', { id });
  if (reply.ok) useCollectionsStore.setState((state) => ({ collections: state.collections.filter((other) => other.id !== id) }));
  return reply;
}

/** Counts change with every organize action, import and undo. */
export function followCollectionEvents(): () => void {
  return on('library:changed', () => void loadCollections());
}
