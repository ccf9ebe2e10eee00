import type { MenuCommand } from '../../../../electron/shared/constants';
import { on } from '../../ipc';
import { requestGenerate } from '../../stores/composer-store';
import { openExport } from '../../stores/export-store';
import { currentSelection, selectedCount, useSelectionStore } from '../../stores/library-selection-store';
import { useLibraryStore } from '../../stores/library-store';
import { openSettings, showSettingsSection } from '../../stores/ui-store';
import { backUpLibrary } from '../settings/backup-store';
import { importPickedFiles } from '../import/import-store';

/**
 * The application menu's own commands, done as the page's own buttons do them: main only says
 * which one the user chose.
 */
export function runMenuCommand(command: MenuCommand): void {
  switch (command) {
    case 'open-settings':
      return openSettings('panel');
    case 'generate':
      // The same checks as the Generate button: no empty prompt, no spent budget, no double send.
      return requestGenerate();
    case 'import':
      return void importPickedFiles();
    case 'export':
      return exportFromMenu();
    case 'backup':
      // In Settings' Library section, where the backup says how it went (main shows the save dialog).
      showSettingsSection('library');
      openSettings('panel');
      return void backUpLibrary();
  }
}

/** Export… takes the selection, or else everything the library shows now. */
function exportFromMenu(): void {
  const { query, total } = useLibraryStore.getState();
  const selection = currentSelection();
  if (selection !== null) openExport(selection, selectedCount(useSelectionStore.getState().picked, total));
  else if (total > 0) openExport({ query, except: [] }, total);
}

export function followMenuCommands(): () => void {
  return on('menu:command', ({ command }) => runMenuCommand(command));
}
