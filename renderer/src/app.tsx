import { useEffect } from 'react';
import { MODEL_ID } from '../../electron/shared/constants';
import { Composer } from './features/composer/composer';
import { Library } from './features/library/library';
import { SettingsButton } from './features/settings/settings-button';
import { SettingsPanel } from './features/settings/settings-panel';
import { startApp } from './startup';
import { useKeyStore } from './stores/key-store';
import { useUiStore } from './stores/ui-store';

export function App() {
  const settingsOpen = useUiStore((state) => state.settingsOpen);
  // Until main has said whether a key exists, the settings panel may still open by itself.
  const startupSettled = useKeyStore((state) => state.status !== null || state.loadError !== null);

  useEffect(() => startApp(), []);

  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">Reverie</h1>
        <span className="app-model">{MODEL_ID}</span>
        <div className="app-header-actions">
          <SettingsButton />
        </div>
      </header>
      <main className="workspace" data-settings-open={settingsOpen} aria-busy={!startupSettled}>
        <Composer />
        <Library />
        <SettingsPanel />
      </main>
    </div>
  );
}
