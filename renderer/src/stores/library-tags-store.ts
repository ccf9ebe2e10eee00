import { create } from 'zustand';
import type { TagCount } from '../../../electron/shared/domain';
import type { AppError } from '../../../electron/shared/errors';
import { invoke, on } from '../ipc';

interface TagsState {
  tags: TagCount[];
  error: AppError | null;
}

/** The tags in use with their counts, as main reports them; refreshed whenever the library changes. */
export const useTagsStore = create<TagsState>(() => ({ tags: [], error: null }));

export async function loadTags(): Promise<void> {
  const reply = await invoke('tags:list', { prefix: '', limit: 100 });
  useTagsStore.setState(reply.ok ? { tags: reply.value, error: null } : { error: reply.error });
}

/** Tagging, untagging, renames, undo and rebuilds all arrive as library:changed. */
export function followTagEvents(): () => void {
  return on('library:changed', () => void loadTags());
}
