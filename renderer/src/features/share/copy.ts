import type { AppError } from '../../../../electron/shared/errors';
import { invoke } from '../../ipc';

export type CopyWhat = 'image' | 'prompt' | 'both';

const COPIED: Record<CopyWhat, string> = { image: 'Copied image', prompt: 'Copied prompt', both: 'Copied image and prompt' };

/**
 * Main writes the clipboard (an image as an image, the prompt as text, or both in one write), so
 * copying behaves the same from the viewer, the grid and the shortcuts.
 */
export async function copyItem(id: string, what: CopyWhat): Promise<{ ok: true; message: string } | { ok: false; error: AppError }> {
  const reply = await invoke('clipboard:copy', { id, what });
  return reply.ok ? { ok: true, message: COPIED[what] } : { ok: false, error: reply.error };
}

/** Ctrl/Cmd+C copies the image, Ctrl/Cmd+Shift+C the prompt; null for any other key. */
export function copyShortcut(event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }): CopyWhat | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'c') return null;
  return event.shiftKey ? 'prompt' : 'image';
}

/** Text the user selected on the page keeps the ordinary Ctrl/Cmd+C. */
export function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return selection !== null && !selection.isCollapsed && selection.toString() !== '';
}

/** Keys typed into a field are the field's. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'color', 'file', 'image'].includes(target.type);
}
