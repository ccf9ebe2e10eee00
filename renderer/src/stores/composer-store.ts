import { create } from 'zustand';
import {
  ASPECT_RATIOS,
  DEFAULT_ASPECT_RATIO,
  MAX_IMAGES_PER_RATIO,
  type AspectRatio,
  type Delivery,
  type OutputFormat,
} from '../../../electron/shared/constants';
import type { ComposerDraft } from '../../../electron/shared/domain';
import type { AppError } from '../../../electron/shared/errors';
import { promptProblem } from '../features/composer/prompt-rules';
import { currentRequestKind } from '../features/references/references-store';
import { invoke } from '../ipc';
import { estimateUsdFor, knownBalanceUsd, loadPrices } from './account-store';
import { useCostStore } from './cost-store';
import { refreshHistory } from './history-store';
import { addJobsFromReply } from './queue-store';
import { useSettingsStore } from './settings-store';

/**
 * The composer as the user is writing it. Only the user changes it (typing, picking, or loading a
 * prompt from history or a template): sends, failures and successes leave it as it was, so it can
 * be refined and sent again. Main keeps a copy as the draft (see composer-draft.ts).
 */
interface ComposerState {
  prompt: string;
  /** null follows the default from settings until the user (or a restored draft) picks ratios. */
  chosenAspectRatios: AspectRatio[] | null;
  /** Checkboxes instead of radios: one click sends `count` images for every checked ratio. */
  fanOut: boolean;
  count: number;
  delivery: Delivery;
  outputFormat: OutputFormat | null;
  /** An enqueue call is on its way to main (milliseconds): a double click must not queue twice. */
  sending: boolean;
  error: AppError | null;
  /** Images the last click queued, for a short confirmation (cleared again by clearQueuedNote). */
  lastQueued: number | null;
  /** Startup has restored the draft, or found none; until then nothing is saved over it. */
  draftLoaded: boolean;
  /** The user changed something before the draft arrived: their edits win over the old draft. */
  touched: boolean;
  /** A click whose estimate is more than the known balance, waiting for Send or Cancel. */
  overBalance: { estimateUsd: number; balanceUsd: number } | null;
}

export const useComposerStore = create<ComposerState>()(() => ({
  prompt: '',
  chosenAspectRatios: null,
  fanOut: false,
  count: 1,
  delivery: 'url',
  outputFormat: null,
  sending: false,
  error: null,
  lastQueued: null,
  draftLoaded: false,
  touched: false,
  overBalance: null,
}));

function edit(change: Partial<ComposerState>): void {
  useComposerStore.setState({ ...change, touched: true });
}

/** Keeps a selection in the picker's order, so the request does not depend on click order. */
function inPickerOrder(ratios: Iterable<AspectRatio>): AspectRatio[] {
  const set = new Set(ratios);
  return ASPECT_RATIOS.filter((ratio) => set.has(ratio));
}

export function effectiveAspectRatios(chosen: readonly AspectRatio[] | null, settingsDefault: AspectRatio | undefined): AspectRatio[] {
  return chosen && chosen.length > 0 ? [...chosen] : [settingsDefault ?? DEFAULT_ASPECT_RATIO];
}

function currentAspectRatios(): AspectRatio[] {
  const { chosenAspectRatios, fanOut } = useComposerStore.getState();
  const ratios = effectiveAspectRatios(chosenAspectRatios, useSettingsStore.getState().view?.defaultAspectRatio);
  return fanOut ? ratios : ratios.slice(0, 1);
}

/** The ratios a click of Generate sends: all checked ones with fan-out, else the one selected. */
export function useAspectRatios(): AspectRatio[] {
  const chosen = useComposerStore((state) => state.chosenAspectRatios);
  const fanOut = useComposerStore((state) => state.fanOut);
  const settingsDefault = useSettingsStore((state) => state.view?.defaultAspectRatio);
  const ratios = effectiveAspectRatios(chosen, settingsDefault);
  return fanOut ? ratios : ratios.slice(0, 1);
}

export function setPrompt(prompt: string): void {
  edit({ prompt });
}

/** The "Queued …" confirmation has been shown long enough; it is not a lasting state. */
export function clearQueuedNote(): void {
  useComposerStore.setState({ lastQueued: null });
}

/** A prompt from history or a template: replaces the text, sends nothing. */
export function loadPrompt(prompt: string): void {
  edit({ prompt, error: null, lastQueued: null });
}

export function chooseAspectRatio(aspectRatio: AspectRatio): void {
  edit({ chosenAspectRatios: [aspectRatio] });
}

/** Fan-out checkboxes: at least one ratio stays checked. */
export function toggleAspectRatio(aspectRatio: AspectRatio, checked: boolean): void {
  const current = currentAspectRatios();
  const next = checked ? inPickerOrder([...current, aspectRatio]) : current.filter((ratio) => ratio !== aspectRatio);
  if (next.length === 0) return;
  edit({ chosenAspectRatios: next });
}

export function setFanOut(fanOut: boolean): void {
  const current = currentAspectRatios();
  // Leaving fan-out keeps the first checked ratio selected, so the radios show a real choice.
  edit({ fanOut, chosenAspectRatios: fanOut ? current : current.slice(0, 1) });
}

export function clampCount(count: number): number {
  return Math.min(MAX_IMAGES_PER_RATIO, Math.max(1, Math.trunc(count)));
}

export function setCount(count: number): void {
  edit({ count: clampCount(count) });
}

export function setDelivery(delivery: Delivery): void {
  edit({ delivery });
}

export function setOutputFormat(outputFormat: OutputFormat | null): void {
  edit({ outputFormat });
}

/** What main keeps as the draft; the prompt is kept whole, even over the limit. */
/** The composer's own part of the draft (the references are the references store's: composer-draft.ts adds them). */
export function draftOf(state: ComposerState, settingsDefault: AspectRatio | undefined): Omit<ComposerDraft, 'references' | 'mode'> {
  const ratios = effectiveAspectRatios(state.chosenAspectRatios, settingsDefault);
  return {
    prompt: state.prompt,
    aspectRatios: state.fanOut ? ratios : ratios.slice(0, 1),
    count: state.count,
    delivery: state.delivery,
    outputFormat: state.outputFormat,
  };
}

/** Restores main's draft, unless the user has already started editing. */
export function applyDraft(draft: ComposerDraft | null): void {
  const state = useComposerStore.getState();
  if (draft === null || state.touched) {
    useComposerStore.setState({ draftLoaded: true });
    return;
  }
  const ratios = inPickerOrder(draft.aspectRatios);
  useComposerStore.setState({
    prompt: draft.prompt,
    chosenAspectRatios: ratios.length > 0 ? ratios : null,
    fanOut: ratios.length > 1,
    count: clampCount(draft.count),
    delivery: draft.delivery,
    outputFormat: draft.outputFormat,
    draftLoaded: true,
  });
}

/** Today's spend has reached the daily budget: Generate refuses before anything is sent. */
export function budgetBlocks(): boolean {
  return useCostStore.getState().summary?.budgetReached ?? false;
}

/**
 * The ratios a click sends: an edit takes its source's (main replaces it anyway, and the API gets
 * none), anything else what the picker shows.
 */
function ratiosToSend(): AspectRatio[] {
  const { editSource } = currentRequestKind();
  return editSource ? [editSource.aspectRatio] : currentAspectRatios();
}

/** Images one click sends: `count` for every ratio. */
export function imagesToSend(): number {
  return useComposerStore.getState().count * ratiosToSend().length;
}

function canSend(): boolean {
  const { prompt, sending } = useComposerStore.getState();
  return !sending && promptProblem(prompt) === null && !budgetBlocks();
}

/**
 * Generate: asks first when the estimate is more than the balance main last read (a balance that
 * is not known asks nothing), else queues at once.
 */
export function requestGenerate(): void {
  if (!canSend() || useComposerStore.getState().overBalance !== null) return;
  const balanceUsd = knownBalanceUsd();
  const estimateUsd = estimateUsdFor(currentRequestKind().model, imagesToSend());
  if (balanceUsd !== null && estimateUsd > balanceUsd) {
    useComposerStore.setState({ overBalance: { estimateUsd, balanceUsd } });
    return;
  }
  void enqueue();
}

/** "Send anyway": the question is answered, the batch goes. */
export function sendOverBalance(): Promise<void> {
  useComposerStore.setState({ overBalance: null });
  return enqueue();
}

/** "Cancel": nothing is sent, nothing in the bar changes. */
export function cancelOverBalance(): void {
  useComposerStore.setState({ overBalance: null });
}

/**
 * Queues the current composer with its references (Edit: one source, Remix: 1–4; Create sends
 * none). Refuses (without a round trip) when the prompt is unusable or the budget is spent. The
 * prompt and the references stay as they are, sent or refused, so they can be refined and sent again.
 */
export async function enqueue(): Promise<void> {
  const { prompt, count, delivery, outputFormat } = useComposerStore.getState();
  if (!canSend()) return;
  const { model, sources } = currentRequestKind();
  const aspectRatios = ratiosToSend();

  useComposerStore.setState({ sending: true, error: null, lastQueued: null });
  const reply = await invoke('generate:enqueue', { model, prompt, aspectRatios, count, delivery, outputFormat, sources });
  if (reply.ok) {
    addJobsFromReply(reply.value);
    useComposerStore.setState({ sending: false, lastQueued: reply.value.length });
    void refreshHistory();
    void loadPrices();
  } else {
    useComposerStore.setState({ sending: false, error: reply.error });
  }
}
