import { create } from 'zustand';
import { EDIT_MODEL_ID, MAX_REMIX_REFERENCES, MODEL_ID, REMIX_MODEL_ID, type ModelId } from '../../../../electron/shared/constants';
import type { LibraryItem } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';

/**
 * The library items the next Generate starts from, in the order they are sent (a remix's
 * `image_urls`), and what kind of request it is. The mode follows the references (none: Create,
 * one: Edit, two to four: Remix) until the user picks another one that fits; changing the
 * references lets it follow again. Create keeps the references on screen but does not send them,
 * so switching to Create and back loses nothing.
 */
export type ComposeMode = 'create' | 'edit' | 'remix';

export const MODE_MODELS: Readonly<Record<ComposeMode, ModelId>> = {
  create: MODEL_ID as ModelId,
  edit: EDIT_MODEL_ID,
  remix: REMIX_MODEL_ID,
};

interface ReferencesState {
  items: LibraryItem[];
  /** The mode the user (or an entry point) picked; null follows the references. */
  chosenMode: ComposeMode | null;
  /** Why references were not added (too many, not images), in one sentence; null when nothing to say. */
  notice: string | null;
  /** Dropped or pasted files are on their way into the library. */
  importing: boolean;
  /** main refused the import of dropped or pasted files. */
  importError: AppError | null;
}

export const useReferencesStore = create<ReferencesState>()(() => ({
  items: [],
  chosenMode: null,
  notice: null,
  importing: false,
  importError: null,
}));

/** Whether `mode` can be sent with `count` references. Create always can (it ignores them). */
export function modeFits(mode: ComposeMode, count: number): boolean {
  if (mode === 'edit') return count === 1;
  if (mode === 'remix') return count >= 1 && count <= MAX_REMIX_REFERENCES;
  return true;
}

/** The mode the references suggest. */
export function defaultMode(count: number): ComposeMode {
  return count === 0 ? 'create' : count === 1 ? 'edit' : 'remix';
}

export function modeOf(state: Pick<ReferencesState, 'items' | 'chosenMode'>): ComposeMode {
  const count = state.items.length;
  return state.chosenMode !== null && modeFits(state.chosenMode, count) ? state.chosenMode : defaultMode(count);
}

export function useComposeMode(): ComposeMode {
  return useReferencesStore(modeOf);
}

/** What a click of Generate sends now: the model and the source ids (none for Create). */
export function currentRequestKind(): { mode: ComposeMode; model: ModelId; sources: string[]; editSource: LibraryItem | null } {
  const state = useReferencesStore.getState();
  const mode = modeOf(state);
  return {
    mode,
    model: MODE_MODELS[mode],
    sources: mode === 'create' ? [] : state.items.map((item) => item.id),
    editSource: mode === 'edit' ? (state.items[0] ?? null) : null,
  };
}

/** "A remix takes at most 4 references; …" — the sentence shown when a change would pass the limit. */
export function tooManyText(present: number, adding: number): string {
  const have = present === 0 ? '' : ` ${present === 1 ? '1 is' : `${present} are`} already in the prompt bar, so`;
  const these = adding === 1 ? 'this image was' : `these ${adding} images were`;
  return `A remix takes at most ${MAX_REMIX_REFERENCES} references;${have} ${these} not added. Remove some references first.`;
}

/** Whether `adding` more fit beside the references there now. */
export function roomFor(adding: number): boolean {
  return useReferencesStore.getState().items.length + adding <= MAX_REMIX_REFERENCES;
}

/**
 * Adds items after the ones there (each item once). More than the limit adds nothing and says so:
 * the references stay as they were. `mode` is the entry point's choice (the viewer's Remix on one
 * image); without it the mode follows the references again. Returns whether anything changed.
 */
export function addReferences(items: readonly LibraryItem[], mode: ComposeMode | null = null): boolean {
  const { items: present } = useReferencesStore.getState();
  const fresh = items.filter((item, index) => !present.some((other) => other.id === item.id) && items.findIndex((other) => other.id === item.id) === index);
  if (present.length + fresh.length > MAX_REMIX_REFERENCES) {
    useReferencesStore.setState({ notice: tooManyText(present.length, fresh.length) });
    return false;
  }
  useReferencesStore.setState({ items: [...present, ...fresh], chosenMode: mode, notice: null, importError: null });
  return true;
}

/** Replaces the references (the viewer's Edit: exactly this image). */
export function setReferences(items: readonly LibraryItem[], mode: ComposeMode | null = null): boolean {
  if (items.length > MAX_REMIX_REFERENCES) {
    useReferencesStore.setState({ notice: tooManyText(0, items.length) });
    return false;
  }
  useReferencesStore.setState({ items: [...items], chosenMode: mode, notice: null, importError: null });
  return true;
}

export function removeReference(id: string): void {
  const { items } = useReferencesStore.getState();
  useReferencesStore.setState({ items: items.filter((item) => item.id !== id), chosenMode: null, notice: null });
}

export function clearReferences(): void {
  useReferencesStore.setState({ items: [], chosenMode: null, notice: null, importError: null });
}

export function chooseMode(mode: ComposeMode): void {
  const { items } = useReferencesStore.getState();
  if (!modeFits(mode, items.length)) return;
  useReferencesStore.setState({ chosenMode: mode });
}

export function dismissReferenceNotice(): void {
  useReferencesStore.setState({ notice: null, importError: null });
}
