import { invoke } from '../../ipc';
import { importName, skipReason, UNREADABLE, type Skipped } from '../import/import-files';
import { addReferences, roomFor, tooManyText, useReferencesStore } from './references-store';

/** "notes.txt — not a PNG, JPEG or WebP image; …" */
function skippedText(skipped: readonly Skipped[]): string {
  const names = skipped.map(({ name, reason }) => `${name} — ${reason}`).join('; ');
  return `${skipped.length === 1 ? 'One file was' : `${skipped.length} files were`} not used: ${names}.`;
}

/** Image files among what was dropped or pasted (the clipboard may hold text and files together). */
export function imageFilesOf(data: DataTransfer | null): File[] {
  return Array.from(data?.files ?? []);
}

/**
 * Files dropped on the prompt bar or pasted into it: imported into the library first (the same
 * `library:import` as a drop on the window), so every result can name its sources for good, then
 * added as references. Too many for a remix: nothing is imported and the references stay as they
 * were, with a sentence saying why.
 */
export async function importAsReferences(files: readonly File[]): Promise<void> {
  if (files.length === 0 || useReferencesStore.getState().importing) return;
  const skipped: Skipped[] = [];
  const usable = files.filter((file) => {
    const reason = skipReason(file);
    if (reason !== null) skipped.push({ name: file.name, reason });
    return reason === null;
  });
  if (!roomFor(usable.length)) {
    useReferencesStore.setState({ notice: tooManyText(useReferencesStore.getState().items.length, usable.length) });
    return;
  }
  if (usable.length === 0) {
    useReferencesStore.setState({ notice: skippedText(skipped) });
    return;
  }

  useReferencesStore.setState({ importing: true, notice: null, importError: null });
  const payload: Array<{ name: string; bytes: Uint8Array }> = [];
  for (const file of usable) {
    try {
      payload.push({ name: importName(file), bytes: new Uint8Array(await file.arrayBuffer()) });
    } catch {
      skipped.push({ name: file.name, reason: UNREADABLE });
    }
  }
  const reply = payload.length > 0 ? await invoke('library:import', { files: payload }) : null;
  useReferencesStore.setState({ importing: false });
  if (reply !== null && !reply.ok) {
    useReferencesStore.setState({ importError: reply.error });
    return;
  }
  if (reply !== null) {
    // A file the library already holds is that item: it becomes the reference, and is not "not used".
    const already = reply.value.existing;
    const notUsed = [...reply.value.skipped];
    for (const { name } of already) {
      const at = notUsed.findIndex((entry) => entry.name === name);
      if (at >= 0) notUsed.splice(at, 1);
    }
    skipped.push(...notUsed);
    addReferences([...reply.value.imported, ...already.map(({ item }) => item)]);
  }
  if (skipped.length > 0) useReferencesStore.setState({ notice: skippedText(skipped) });
}
