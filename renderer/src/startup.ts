import { followMenuCommands } from './features/menu/menu-commands';
import { followBalanceEvents, loadAccount } from './stores/account-store';
import { loadDraft, startDraftAutosave } from './stores/composer-draft';
import { followCostEvents, loadCost } from './stores/cost-store';
import { followExportEvents } from './stores/export-store';
import { searchHistory } from './stores/history-store';
import { loadKeyStatus } from './stores/key-store';
import { followLibraryEvents, loadLibrary } from './stores/library-store';
import { followNetworkEvents, loadNetworkStatus } from './stores/network-store';
import { followNoticeEvents, loadNotices } from './stores/notices-store';
import { followQueueEvents, loadQueue } from './stores/queue-store';
import { loadSettings } from './stores/settings-store';
import { loadTemplates } from './stores/templates-store';
import { openSettingsForWelcome } from './stores/ui-store';
import { followViewerEvents } from './stores/viewer-store';

/**
 * Follows main's events first, then loads the mirrors, so nothing that happens in between is
 * missed (a snapshot replaces whatever events arrived before it). Returns the cleanup.
 */
export function startApp(): () => void {
  const stops = [
    followLibraryEvents(),
    followQueueEvents(),
    followCostEvents(),
    followBalanceEvents(),
    followNetworkEvents(),
    followViewerEvents(),
    followExportEvents(),
    followMenuCommands(),
    followNoticeEvents(),
    startDraftAutosave(),
  ];
  void loadSettings();
  void loadDraft();
  void loadLibrary();
  void loadQueue();
  void loadCost();
  void loadAccount();
  void loadNetworkStatus();
  void loadNotices();
  void searchHistory('');
  void loadTemplates();
  void loadKeyStatus().then((status) => {
    if (status && !status.stored) openSettingsForWelcome();
  });
  return () => stops.forEach((stop) => stop());
}
