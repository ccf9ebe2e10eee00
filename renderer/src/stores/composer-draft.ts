import type { ComposerDraft, LibraryItem } from '../../../electron/shared/domain';
import { setReferences, useReferencesStore } from '../features/references/references-store';
import { invoke } from '../ipc';
import { applyDraft, draftOf, useComposerStore } from './composer-store';
import { useSettingsStore } from './settings-store';

export const DRAFT_SAVE_DELAY_MS = 400;

export async function loadDraft(): Promise<void> {
  const reply = await invoke('draft:get');
  // A draft that cannot be read is not worth an alert: the composer simply starts empty.
  const draft = reply.ok ? reply.value : null;
  const untouched = !useComposerStore.getState().touched;
  // The references first, so the first save after loading already has them.
  if (draft !== null && untouched) await restoreReferences(draft);
  applyDraft(draft);
}

/**
 * The draft's references as library items, in their order. One deleted since is left out; one in
 * the trash stays (main says so if it is sent). References the user added meanwhile win.
 */
async function restoreReferences(draft: ComposerDraft): Promise<void> {
  if (draft.references.length === 0) return;
  const replies = await Promise.all(draft.references.map((id) => invoke('library:get', { id })));
  const items = replies.flatMap((reply): LibraryItem[] => (reply.ok ? [reply.value] : []));
  if (items.length === 0 || useReferencesStore.getState().items.length > 0) return;
  setReferences(items, draft.mode);
}

interface DraftAutosave {
  flush: () => void;
  stop: () => void;
}

let active: DraftAutosave | null = null;

function currentDraftJson(): { draft: ComposerDraft; json: string } {
  const { items, chosenMode } = useReferencesStore.getState();
  const draft = {
    ...draftOf(useComposerStore.getState(), useSettingsStore.getState().view?.defaultAspectRatio),
    references: items.map((item) => item.id),
    mode: chosenMode,
  };
  return { draft, json: JSON.stringify(draft) };
}

/**
 * Saves the composer to main ~400 ms after the last change, and at once on flush (the composer
 * lost focus, the page is going away). Nothing is saved before the startup draft has been applied,
 * so an empty composer never overwrites it. Returns the stop function.
 */
export function startDraftAutosave(delay = DRAFT_SAVE_DELAY_MS): () => void {
  let timer: number | null = null;
  let lastSaved: string | null = null;

  const save = () => {
    if (timer !== null) window.clearTimeout(timer);
    timer = null;
    if (!useComposerStore.getState().draftLoaded) return;
    const { draft, json } = currentDraftJson();
    if (json === lastSaved) return;
    lastSaved = json;
    void invoke('draft:save', draft).then((reply) => {
      // Try again on the next change rather than believing main has it.
      if (!reply.ok && lastSaved === json) lastSaved = null;
    });
  };

  const unsubscribe = useComposerStore.subscribe((state, previous) => {
    if (!state.draftLoaded) return;
    if (!previous.draftLoaded && !state.touched) {
      // What was just restored is what main already has; edits made before it arrived are not.
      lastSaved = currentDraftJson().json;
      return;
    }
    const changed =
      state.prompt !== previous.prompt ||
      state.chosenAspectRatios !== previous.chosenAspectRatios ||
      state.fanOut !== previous.fanOut ||
      state.count !== previous.count ||
      state.delivery !== previous.delivery ||
      state.outputFormat !== previous.outputFormat ||
      state.draftLoaded !== previous.draftLoaded;
    if (!changed) return;
    if (timer !== null) window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  });

  // The references are part of the draft too: adding, removing or picking a mode saves it.
  const unsubscribeReferences = useReferencesStore.subscribe((state, previous) => {
    if (!useComposerStore.getState().draftLoaded) return;
    if (state.items === previous.items && state.chosenMode === previous.chosenMode) return;
    if (timer !== null) window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  });

  const onPageHide = () => save();
  window.addEventListener('pagehide', onPageHide);

  const instance: DraftAutosave = {
    flush: () => {
      if (timer !== null) save();
    },
    stop: () => {
      unsubscribe();
      unsubscribeReferences();
      window.removeEventListener('pagehide', onPageHide);
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
      if (active === instance) active = null;
    },
  };
  active = instance;
  return instance.stop;
}

/** Saves a pending change now (the composer lost focus). */
export function flushDraftSave(): void {
  active?.flush();
}
