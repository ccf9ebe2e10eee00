import { create } from 'zustand';
import type { AppError } from '../../../electron/shared/errors';

/**
 * The library's one toast: what the last organize action did and, when main can revert it, an
 * Undo button. Main keeps the undo history; this only remembers what to say.
 */
export interface LibraryToast {
  /** New for every toast, so its auto-hide timer starts again. */
  id: number;
  message: string;
  canUndo: boolean;
}

interface UndoState {
  toast: LibraryToast | null;
  /** An organize action main refused. */
  error: AppError | null;
  undoing: boolean;
}

export const useUndoStore = create<UndoState>()(() => ({ toast: null, error: null, undoing: false }));

let toastCounter = 0;

export function showToast(message: string, canUndo: boolean): void {
  toastCounter += 1;
  useUndoStore.setState({ toast: { id: toastCounter, message, canUndo }, error: null });
}

export function showActionError(error: AppError): void {
  useUndoStore.setState({ error });
}

export function dismissToast(id?: number): void {
  const { toast } = useUndoStore.getState();
  if (toast && (id === undefined || toast.id === id)) useUndoStore.setState({ toast: null });
}

export function dismissActionError(): void {
  useUndoStore.setState({ error: null });
}

export function setUndoing(undoing: boolean): void {
  useUndoStore.setState({ undoing });
}
