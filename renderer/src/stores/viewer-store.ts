import { create } from 'zustand';
import type { LibraryItem } from '../../../electron/shared/domain';
import type { AppError } from '../../../electron/shared/errors';
import { invoke, on } from '../ipc';
import { ensureLibraryRange, libraryIndexOf, libraryItemAt, patchLibraryItem } from './library-store';

/** Each zoom step (button, key) multiplies or divides the scale by this. */
export const ZOOM_STEP = 1.25;
export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 8;

/** Where focus goes when the viewer closes: back to what opened it, or to the prompt ("Use these settings"). */
type FocusAfterClose = 'opener' | 'prompt';

/**
 * The full-size viewer over the library. The library store owns the list and its order; the viewer
 * only remembers which item it shows (and where it was in that list), plus the zoom and pan.
 */
export interface ViewerState {
  /** The item shown; null when the viewer is closed. */
  id: string | null;
  /** null until it is known (an item outside the loaded pages is asked of main). */
  item: LibraryItem | null;
  /** Its position in the library's current order when opened or last moved to; -1 when not loaded. */
  index: number;
  loading: boolean;
  error: AppError | null;
  /** null fits the image to the stage; otherwise image pixels per CSS pixel (1 = 100%). */
  zoom: number | null;
  /** Offset of the image's centre from the stage's centre, in CSS pixels. */
  panX: number;
  panY: number;
  /** The scale "Fit" shows for this image on this stage (at most 1: small images are not blown up). */
  fitScale: number;
  focusAfterClose: FocusAfterClose;
  /** The viewer's status line after a copy ("Copied image"), and a copy that failed. */
  copyMessage: string | null;
  copyError: AppError | null;
}

const CLOSED = {
  id: null,
  item: null,
  index: -1,
  loading: false,
  error: null,
  zoom: null,
  panX: 0,
  panY: 0,
  focusAfterClose: 'opener',
  copyMessage: null,
  copyError: null,
} as const satisfies Partial<ViewerState>;

export const useViewerStore = create<ViewerState>()(() => ({ ...CLOSED, fitScale: 1 }));

export function useViewer(): ViewerState;
export function useViewer<T>(selector: (state: ViewerState) => T): T;
export function useViewer<T>(selector?: (state: ViewerState) => T): T | ViewerState {
  return useViewerStore<T | ViewerState>(selector ?? ((state) => state));
}

/** What had focus when the viewer opened (the tile): a DOM node, so not part of the store's state. */
let opener: HTMLElement | null = null;
/** Bumped on every open and move, so a slow answer for an item no longer shown is dropped. */
let generation = 0;

function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** Loads the pages around `index`, so the next arrow press does not wait. */
function prefetchAround(index: number): void {
  if (index < 0) return;
  void ensureLibraryRange(Math.max(0, index - 1), index + 2);
}

async function show(id: string, index: number, known: LibraryItem | undefined): Promise<void> {
  const request = ++generation;
  const item = known?.id === id ? known : null;
  useViewerStore.setState({ id, item, index, loading: item === null, error: null, zoom: null, panX: 0, panY: 0, copyMessage: null, copyError: null });
  prefetchAround(index);
  if (item !== null) return;
  const reply = await invoke('library:get', { id });
  if (request !== generation) return;
  if (reply.ok) {
    useViewerStore.setState({ item: reply.value, loading: false });
    patchLibraryItem(reply.value);
  } else {
    useViewerStore.setState({ loading: false, error: reply.error });
  }
}

/** Opens the viewer on a library item; focus returns to whatever had it (the tile) on close. */
export function openViewer(id: string): void {
  const active = document.activeElement;
  opener = active instanceof HTMLElement && active !== document.body ? active : null;
  useViewerStore.setState({ focusAfterClose: 'opener' });
  const index = libraryIndexOf(id);
  void show(id, index, index >= 0 ? libraryItemAt(index) : undefined);
}

/**
 * Moves the open viewer to another item (a source or a version named in its lineage), keeping the
 * element that opened the viewer: closing still gives focus back to the tile. The item need not be
 * in the library's current list (then Previous/Next have nowhere to go).
 */
export function showItemInViewer(id: string): void {
  if (useViewerStore.getState().id === null) return;
  const index = libraryIndexOf(id);
  void show(id, index, index >= 0 ? libraryItemAt(index) : undefined);
}

export function closeViewer(focusAfterClose: FocusAfterClose = 'opener'): void {
  if (useViewerStore.getState().id === null) return;
  generation += 1;
  useViewerStore.setState({ ...CLOSED, focusAfterClose });
}

/** Called by the dialog once it is gone: the tile that opened it, or the prompt, gets focus back. */
export function takeOpener(): HTMLElement | null {
  const element = opener;
  opener = null;
  return element?.isConnected ? element : null;
}

/**
 * Moves to the previous (-1) or next (+1) item in the library's current order, loading its page
 * first when it is not loaded yet. Does nothing at either end.
 */
export async function showNeighbour(step: -1 | 1): Promise<void> {
  const { id, index } = useViewerStore.getState();
  if (id === null) return;
  // The list may have shifted since (new images arrive at the top): ask where the item is now.
  const now = libraryIndexOf(id);
  const from = now >= 0 ? now : index;
  if (from < 0) return;
  const target = from + step;
  if (target < 0) return;
  let next = libraryItemAt(target);
  if (next === undefined) {
    const request = generation;
    await ensureLibraryRange(target, target + 1);
    if (request !== generation || useViewerStore.getState().id !== id) return;
    next = libraryItemAt(target);
  }
  if (next === undefined) return;
  await show(next.id, target, next);
}

export function fitImage(): void {
  useViewerStore.setState({ zoom: null, panX: 0, panY: 0 });
}

export function actualSize(): void {
  useViewerStore.setState({ zoom: 1, panX: 0, panY: 0 });
}

/** The stage measured the image: what "Fit" means now. */
export function setFitScale(fitScale: number): void {
  if (Number.isFinite(fitScale) && fitScale > 0) useViewerStore.setState({ fitScale });
}

/**
 * Zooms by `factor` around a point given relative to the stage's centre (0, 0 for the buttons and
 * keys), so what is under the pointer stays under it. Zooming out past the fitted size goes back
 * to Fit.
 */
export function zoomAt(factor: number, x = 0, y = 0): void {
  const { zoom, panX, panY, fitScale } = useViewerStore.getState();
  const current = zoom ?? fitScale;
  const next = clampZoom(current * factor);
  if (factor < 1 && next <= fitScale) {
    fitImage();
    return;
  }
  const ratio = next / current;
  useViewerStore.setState({ zoom: next, panX: x - (x - panX) * ratio, panY: y - (y - panY) * ratio });
}

export const zoomIn = () => zoomAt(ZOOM_STEP);
export const zoomOut = () => zoomAt(1 / ZOOM_STEP);

/** Drags the zoomed image, keeping it from leaving the stage: `limitX`/`limitY` are the largest offsets. */
export function panBy(dx: number, dy: number, limitX: number, limitY: number): void {
  const { zoom, panX, panY } = useViewerStore.getState();
  if (zoom === null) return;
  const clamp = (value: number, limit: number) => Math.min(limit, Math.max(-limit, value));
  useViewerStore.setState({ panX: clamp(panX + dx, limitX), panY: clamp(panY + dy, limitY) });
}

/** Keeps the shown item fresh while the viewer is open (starred elsewhere, its image arrived …). */
export function followViewerEvents(): () => void {
  const stops = [
    on('library:item-updated', (item) => {
      if (useViewerStore.getState().id === item.id) useViewerStore.setState({ item, error: null });
    }),
    on('library:changed', () => {
      const { id } = useViewerStore.getState();
      if (id === null) return;
      const request = generation;
      void invoke('library:get', { id }).then((reply) => {
        if (request !== generation || !reply.ok) return;
        useViewerStore.setState({ item: reply.value });
      });
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
