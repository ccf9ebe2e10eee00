import type { DragEvent } from 'react';
import type { DragReady } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { invoke } from '../../ipc';
import { useSettingsStore } from '../../stores/settings-store';

/** The contract's cap on one drag. */
export const MAX_DRAG_ITEMS = 100;

/**
 * Tells main a drag of these items is likely (a press on a tile, a new selection), so it can make
 * the files and the drag icon ready: the OS drag must start while the mouse button is still down,
 * with no time to convert anything then. Nothing to wait for or report; main replaces an older one.
 */
export function prepareDrag(ids: readonly string[]): void {
  if (ids.length === 0 || ids.length > MAX_DRAG_ITEMS) return;
  void invoke('drag:prepare', { ids: [...ids] });
}

/**
 * Electron's native file drag: the HTML drag is stopped, and main starts the OS drag with the
 * files it resolves from these ids (the prepared copies in the format chosen in Settings, or the
 * originals when those are not ready).
 */
export function startNativeDrag(event: DragEvent, ids: string[]): Promise<{ ok: true; value: DragReady } | { ok: false; error: AppError }> {
  event.preventDefault();
  return invoke('drag:start', { ids });
}

const FORMAT_NAMES: Readonly<Record<DragReady['format'], string>> = { original: 'original', png: 'PNG', jpeg: 'JPEG', webp: 'WebP' };

/** What the user should know about a drag that started: copies not ready in time, items left out; null when nothing. */
export function dragNotice(ready: DragReady): string | null {
  const wanted = useSettingsStore.getState().view?.dragFormat ?? 'original';
  const notes: string[] = [];
  if (wanted !== 'original' && ready.format === 'original') {
    notes.push(`The ${FORMAT_NAMES[wanted]} copies were not ready yet, so the original files were dragged.`);
  }
  if (ready.skipped > 0) notes.push(`${ready.skipped === 1 ? 'One image has' : `${ready.skipped} images have`} no file and stayed behind.`);
  return notes.length > 0 ? notes.join(' ') : null;
}
