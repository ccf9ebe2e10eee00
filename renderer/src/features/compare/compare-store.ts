import { create } from 'zustand';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { appError, type AppError } from '../../../../electron/shared/errors';
import { invoke } from '../../ipc';
import { libraryIndexOf, libraryItemAt } from '../../stores/library-store';
import { itemLabel } from '../library/format';
import { promptExcerpt } from '../viewer/viewer-format';

export type CompareView = 'side-by-side' | 'slider';

/** Each zoom step (button, key) multiplies or divides the scale by this. */
export const COMPARE_ZOOM_STEP = 1.25;
/** 1 is Fit: each image fitted to its pane. Zooming never goes below it. */
export const COMPARE_MAX_ZOOM = 16;
/** How far an arrow key moves the slider (percent of the width) or pans (CSS pixels). */
export const SPLIT_STEP = 5;
export const PAN_STEP = 40;

export interface CompareSide {
  item: LibraryItem;
  /** What this side is called: "Source" and "Edit", or "First" and "Second". */
  role: string;
}

/**
 * Two images compared: one zoom and one pan for both, so they stay in step whatever moves them
 * (wheel, drag, buttons, keys). Zoom is relative to each image's fitted size, pan in CSS pixels
 * from the pane's centre; both panes have the same size, so the same numbers show the same part.
 */
export interface CompareState {
  sides: readonly [CompareSide, CompareSide] | null;
  loading: boolean;
  error: AppError | null;
  view: CompareView;
  zoom: number;
  panX: number;
  panY: number;
  /** Where the slider divides the overlay, percent from the left: the first image left of it, the second right. */
  split: number;
  /** The pane's size, measured by the stage: how far a pan may go at this zoom. */
  paneWidth: number;
  paneHeight: number;
}

const CLOSED = { sides: null, loading: false, error: null, zoom: 1, panX: 0, panY: 0, split: 50 } as const satisfies Partial<CompareState>;

export const useCompareStore = create<CompareState>()(() => ({ ...CLOSED, view: 'side-by-side', paneWidth: 0, paneHeight: 0 }));

/** Bumped on every open and close, so a slow answer for an earlier ask is dropped. */
let generation = 0;

/** The item has an image file to show (a refused or lost one has none). */
const showable = (item: LibraryItem) => item.status === 'ok' && !item.fileMissing && item.fileHash !== null;

/** Opens the comparison on two items at hand; one without an image opens it on a sentence saying so. */
export function openCompare(first: CompareSide, second: CompareSide): void {
  generation += 1;
  const missing = [first, second].find((side) => !showable(side.item));
  if (missing !== undefined) {
    const error = appError('not-found', `“${promptExcerpt(itemLabel(missing.item))}” has no image to compare.`);
    useCompareStore.setState({ ...CLOSED, error });
    return;
  }
  useCompareStore.setState({ ...CLOSED, sides: [first, second] });
}

async function itemById(id: string): Promise<{ ok: true; item: LibraryItem } | { ok: false; error: AppError }> {
  const index = libraryIndexOf(id);
  const loaded = index >= 0 ? libraryItemAt(index) : undefined;
  if (loaded !== undefined) return { ok: true, item: loaded };
  const reply = await invoke('library:get', { id });
  return reply.ok ? { ok: true, item: reply.value } : { ok: false, error: reply.error };
}

/** Opens the comparison on two library items by id (a selection of two), asking main for any not loaded. */
export async function openCompareByIds(firstId: string, secondId: string, roles: readonly [string, string] = ['First', 'Second']): Promise<void> {
  const request = ++generation;
  useCompareStore.setState({ ...CLOSED, loading: true });
  const [first, second] = await Promise.all([itemById(firstId), itemById(secondId)]);
  if (request !== generation) return;
  if (!first.ok || !second.ok) {
    useCompareStore.setState({ loading: false, error: !first.ok ? first.error : !second.ok ? second.error : null });
    return;
  }
  openCompare({ item: first.item, role: roles[0] }, { item: second.item, role: roles[1] });
}

export function closeCompare(): void {
  generation += 1;
  useCompareStore.setState({ ...CLOSED });
}

export const isCompareOpen = (state: CompareState) => state.sides !== null || state.loading || state.error !== null;

export function setCompareView(view: CompareView): void {
  useCompareStore.setState({ view });
}

/** The largest pan either way at this zoom: the zoomed image's overhang beyond the pane. */
function panLimits(zoom: number, { paneWidth, paneHeight }: Pick<CompareState, 'paneWidth' | 'paneHeight'>) {
  return { x: Math.max(0, ((zoom - 1) * paneWidth) / 2), y: Math.max(0, ((zoom - 1) * paneHeight) / 2) };
}

const clamp = (value: number, limit: number) => Math.min(limit, Math.max(-limit, value));

/**
 * Zooms both images by `factor` around a point given from the pane's centre (0, 0 for buttons and
 * keys), so what is under the pointer stays there. Back at Fit the pan is gone.
 */
export function zoomCompareAt(factor: number, x = 0, y = 0): void {
  const state = useCompareStore.getState();
  const next = Math.min(COMPARE_MAX_ZOOM, Math.max(1, state.zoom * factor));
  const ratio = next / state.zoom;
  const limits = panLimits(next, state);
  useCompareStore.setState({ zoom: next, panX: clamp(x - (x - state.panX) * ratio, limits.x), panY: clamp(y - (y - state.panY) * ratio, limits.y) });
}

export const compareZoomIn = () => zoomCompareAt(COMPARE_ZOOM_STEP);
export const compareZoomOut = () => zoomCompareAt(1 / COMPARE_ZOOM_STEP);

export function resetCompareZoom(): void {
  useCompareStore.setState({ zoom: 1, panX: 0, panY: 0 });
}

/** Moves both images by (dx, dy) CSS pixels, never past the zoomed image's edges. */
export function panCompare(dx: number, dy: number): void {
  const state = useCompareStore.getState();
  const limits = panLimits(state.zoom, state);
  useCompareStore.setState({ panX: clamp(state.panX + dx, limits.x), panY: clamp(state.panY + dy, limits.y) });
}

export function setCompareSplit(percent: number): void {
  useCompareStore.setState({ split: Math.min(100, Math.max(0, Math.round(percent))) });
}

export function moveCompareSplit(delta: number): void {
  setCompareSplit(useCompareStore.getState().split + delta);
}

/** The stage measured its pane; a pan that no longer fits is pulled back in. */
export function setComparePane(paneWidth: number, paneHeight: number): void {
  const state = useCompareStore.getState();
  if (state.paneWidth === paneWidth && state.paneHeight === paneHeight) return;
  const limits = panLimits(state.zoom, { paneWidth, paneHeight });
  useCompareStore.setState({ paneWidth, paneHeight, panX: clamp(state.panX, limits.x), panY: clamp(state.panY, limits.y) });
}
