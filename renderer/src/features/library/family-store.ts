import { create } from 'zustand';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { invoke } from '../../ipc';
import { closeViewer } from '../../stores/viewer-store';
import { changeLibraryQuery } from './organize';
import { itemLabel } from './format';

/**
 * What the family filter's chip calls the image whose family is shown: its label, kept when the
 * filter is set from an item at hand, else asked of main (a query set elsewhere, a restored one).
 */
interface FamilyNames {
  names: Record<string, string>;
}

export const useFamilyNames = create<FamilyNames>()(() => ({ names: {} }));

function remember(id: string, name: string): void {
  useFamilyNames.setState((state) => ({ names: { ...state.names, [id]: name } }));
}

/** Narrows the library to this image's family (its sources, what was made from it, and so on) and shows the gallery. */
export function showFamily(item: LibraryItem): void {
  remember(item.id, itemLabel(item));
  closeViewer();
  changeLibraryQuery({ family: item.id });
}

export function clearFamily(): void {
  changeLibraryQuery({ family: null });
}

/** Asks main for the name of a family's image when it is not known here yet. */
export async function learnFamilyName(id: string): Promise<void> {
  if (useFamilyNames.getState().names[id] !== undefined) return;
  const reply = await invoke('library:get', { id });
  remember(id, reply.ok ? itemLabel(reply.value) : 'an image no longer in the library');
}
