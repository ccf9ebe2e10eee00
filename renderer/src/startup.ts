import { loadKeyStatus } from './stores/key-store';
import { followLibraryEvents, loadLibrary } from './stores/library-store';
import { loadSettings } from './stores/settings-store';
import { openSettingsForWelcome } from './stores/ui-store';

/** Loads the mirrors from main and follows its events; returns the cleanup. */
export function startApp(): () => void {
  const stopLibraryEvents = followLibraryEvents();
  void loadSettings();
  void loadLibrary();
  void loadKeyStatus().then((status) => {
    if (status && !status.stored) openSettingsForWelcome();
  });
  return stopLibraryEvents;
}
