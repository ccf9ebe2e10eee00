import type { DragEvent } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { invoke } from '../../ipc';

/** The contract's cap on one drag. */
export const MAX_DRAG_ITEMS = 100;

/**
 * Electron's native file drag: the HTML drag is stopped, and main starts the OS drag with the
 * files it resolves from these ids (originals, or copies in the format chosen in Settings).
 */
export function startNativeDrag(event: DragEvent, ids: string[]): Promise<{ ok: true } | { ok: false; error: AppError }> {
  event.preventDefault();
  return invoke('drag:start', { ids }).then((reply) => (reply.ok ? { ok: true } : { ok: false, error: reply.error }));
}
