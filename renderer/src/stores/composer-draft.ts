import { invoke } from '../ipc';
import { applyDraft, draftOf, useComposerStore } from './composer-store';
import { useSettingsStore } from './settings-store';

export const DRAFT_SAVE_DELAY_MS = 400;

export async function loadDraft(): Promise<void> {
  const reply = await invoke('draft:get');
  // A draft that cannot be read is not worth an alert: the composer simply starts empty.
  applyDraft(reply.ok ? reply.value : null);
}

interface DraftAutosave {
  flush: () => void;
  stop: () => void;
}

let active: DraftAutosave | null = null;

function currentDraftJson(): { draft: ReturnType<typeof draftOf>; json: string } {
  const draft = draftOf(useComposerStore.getState(), useSettingsStore.getState().view?.defaultAspectRatio);
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

  const onPageHide = () => save();
  window.addEventListener('pagehide', onPageHide);

  const instance: DraftAutosave = {
    flush: () => {
      if (timer !== null) save();
    },
    stop: () => {
      unsubscribe();
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
