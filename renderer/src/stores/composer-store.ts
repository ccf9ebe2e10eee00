import { create } from 'zustand';
import { DEFAULT_ASPECT_RATIO } from '../../../electron/shared/constants';
import type { AspectRatio } from '../../../electron/shared/domain';
import type { AppError } from '../../../electron/shared/errors';
import { promptProblem } from '../features/composer/prompt-rules';
import { invoke } from '../ipc';
import { addLibraryItem } from './library-store';
import { useSettingsStore } from './settings-store';

/**
 * The draft being written and the one generation this button may run at a time. The prompt is
 * only ever changed by the user: failures and successes leave it as typed, so it can be refined.
 */
interface ComposerState {
  prompt: string;
  /** null follows the default from settings until the user picks a ratio. */
  chosenAspectRatio: AspectRatio | null;
  running: boolean;
  startedAt: number | null;
  error: AppError | null;
  /** The id of the last image this composer produced, for a short confirmation. */
  lastItemId: string | null;
}

export const useComposerStore = create<ComposerState>()(() => ({
  prompt: '',
  chosenAspectRatio: null,
  running: false,
  startedAt: null,
  error: null,
  lastItemId: null,
}));

export function setPrompt(prompt: string): void {
  useComposerStore.setState({ prompt });
}

export function chooseAspectRatio(aspectRatio: AspectRatio): void {
  useComposerStore.setState({ chosenAspectRatio: aspectRatio });
}

export function effectiveAspectRatio(chosen: AspectRatio | null, settingsDefault: AspectRatio | undefined): AspectRatio {
  return chosen ?? settingsDefault ?? DEFAULT_ASPECT_RATIO;
}

export function useAspectRatio(): AspectRatio {
  const chosen = useComposerStore((state) => state.chosenAspectRatio);
  const settingsDefault = useSettingsStore((state) => state.view?.defaultAspectRatio);
  return effectiveAspectRatio(chosen, settingsDefault);
}

/** Sends the current draft. Refuses (without a round trip) while running or when the prompt is unusable. */
export async function generate(): Promise<void> {
  const { prompt, chosenAspectRatio, running } = useComposerStore.getState();
  if (running || promptProblem(prompt) !== null) return;
  const aspectRatio = effectiveAspectRatio(chosenAspectRatio, useSettingsStore.getState().view?.defaultAspectRatio);

  useComposerStore.setState({ running: true, startedAt: Date.now(), error: null, lastItemId: null });
  const reply = await invoke('generate:create', { prompt, aspectRatio });
  if (reply.ok) {
    addLibraryItem(reply.value);
    useComposerStore.setState({ running: false, startedAt: null, lastItemId: reply.value.id });
  } else {
    useComposerStore.setState({ running: false, startedAt: null, error: reply.error });
  }
}
