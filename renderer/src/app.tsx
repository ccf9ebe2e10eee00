import { useEffect } from 'react';
import { MODEL_ID } from '../../electron/shared/constants';
import { Composer } from './features/composer/composer';
import { ExportDialog } from './features/export/export-dialog';
import { PromptHistory } from './features/history/prompt-history';
import { ImportButton } from './features/import/import-button';
import { ImportLayer } from './features/import/import-layer';
import { Library } from './features/library/library';
import { OfflineBanner } from './features/network/offline-banner';
import { NoticeList } from './features/notices/notice-list';
import { Queue } from './features/queue/queue';
import { SettingsButton } from './features/settings/settings-button';
import { SettingsPanel } from './features/settings/settings-panel';
import { Spending } from './features/spending/spending';
import { SavedPrompts } from './features/templates/saved-prompts';
import { Viewer } from './features/viewer/viewer';
import { startApp } from './startup';
import { useComposerStore } from './stores/composer-store';
import { useKeyStore } from './stores/key-store';
import { useUiStore } from './stores/ui-store';

/**
 * Three columns at desktop width, each scrolling on its own: the composer on the left, the queue
 * above the library in the middle, and prompt history with saved prompts on the right (Settings
 * takes that column while it is open).
 */
export function App() {
  const settingsOpen = useUiStore((state) => state.settingsOpen);
  // Until main has said whether a key exists (the settings panel may still open by itself) and
  // the draft is restored (it would replace the prompt), the workspace is not settled.
  const keySettled = useKeyStore((state) => state.status !== null || state.loadError !== null);
  const draftSettled = useComposerStore((state) => state.draftLoaded);

  useEffect(() => startApp(), []);

  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">Reverie</h1>
        <span className="app-model">{MODEL_ID}</span>
        <div className="app-header-actions">
          <Spending />
          <ImportButton />
          <SettingsButton />
        </div>
      </header>
      <NoticeList />
      <main className="workspace" data-settings-open={settingsOpen} aria-busy={!(keySettled && draftSettled)}>
        <div className="column column-compose">
          <OfflineBanner />
          <Composer />
        </div>
        <div className="column column-work">
          <Queue />
          <Library />
        </div>
        <div className="column column-side">
          {settingsOpen ? (
            <SettingsPanel />
          ) : (
            <div className="panel side-panel">
              <PromptHistory />
              <SavedPrompts />
            </div>
          )}
        </div>
      </main>
      <Viewer />
      <ExportDialog />
      <ImportLayer />
    </div>
  );
}
