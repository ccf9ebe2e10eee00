import { useEffect } from 'react';
import { TooltipProvider } from './components/tooltip';
import { Balance } from './features/account/balance';
import { CompareDialog } from './features/compare/compare-dialog';
import { Composer } from './features/composer/composer';
import { ExportDialog } from './features/export/export-dialog';
import { ImportButton } from './features/import/import-button';
import { Inspector } from './features/inspector/inspector';
import { ImportLayer } from './features/import/import-layer';
import { Library } from './features/library/library';
import { OfflineBanner } from './features/network/offline-banner';
import { NoticeList } from './features/notices/notice-list';
import { ActivityIndicator } from './features/queue/activity-indicator';
import { SettingsButton } from './features/settings/settings-button';
import { SettingsDialogs } from './features/settings/settings-dialog';
import { Sidebar } from './features/sidebar/sidebar';
import { Spending } from './features/spending/spending';
import { Viewer } from './features/viewer/viewer';
import { startApp } from './startup';
import { useComposerStore } from './stores/composer-store';
import { useKeyStore } from './stores/key-store';

/**
 * Gallery first: the library fills the window under a docked prompt bar, with the library's places
 * in a sidebar on the left and the selected image's inspector on the right. The queue, Settings,
 * the viewer and export open over it.
 */
export function App() {
  // Until main has said whether a key exists (the welcome may still open by itself) and the draft
  // is restored (it would replace the prompt), the workspace is not settled.
  const keySettled = useKeyStore((state) => state.status !== null || state.loadError !== null);
  const draftSettled = useComposerStore((state) => state.draftLoaded);

  useEffect(() => startApp(), []);

  return (
    <TooltipProvider>
      <div className="app">
        <header className="app-header">
          <h1 className="app-title">Reverie</h1>
          <ActivityIndicator />
          <div className="app-header-actions">
            <Balance />
            <Spending />
            <ImportButton />
            <SettingsButton />
          </div>
        </header>
        <OfflineBanner />
        <NoticeList />
        <div className="studio">
          <Sidebar />
          <main className="workspace" aria-busy={!(keySettled && draftSettled)}>
            <Composer />
            <Library />
          </main>
          <Inspector />
        </div>
        <Viewer />
        <ExportDialog />
        <CompareDialog />
        <ImportLayer />
        <SettingsDialogs />
      </div>
    </TooltipProvider>
  );
}
