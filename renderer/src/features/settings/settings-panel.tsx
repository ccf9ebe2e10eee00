import './settings.css';
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { RetryAlert } from '../../components/retry-alert';
import { useKeyStore } from '../../stores/key-store';
import { loadSettings, useSettingsStore } from '../../stores/settings-store';
import { closeSettings, settingsFocused, useUiStore } from '../../stores/ui-store';
import { ApiBaseUrlSection } from './api-base-url-section';
import { ApiKeySection } from './api-key-section';
import { BudgetSection } from './budget-section';
import { ConcurrencySection } from './concurrency-section';
import { DefaultAspectRatioSection } from './default-aspect-ratio-section';
import { DragFormatSection } from './drag-format-section';
import { LibraryLocationSection } from './library-location-section';
import { LibraryMaintenanceSection } from './library-maintenance-section';
import { NotifySection } from './notify-section';
import { SETTINGS_PANEL_ID, SETTINGS_TOGGLE_ID } from './settings-ids';

function closeAndReturnFocus(): void {
  closeSettings();
  document.getElementById(SETTINGS_TOGGLE_ID)?.focus();
}

/**
 * A non-modal panel rather than a dialog: nothing behind it needs to be blocked, and it needs no
 * library that injects inline styles (which the CSP forbids).
 */
export function SettingsPanel() {
  const open = useUiStore((state) => state.settingsOpen);
  const welcome = useUiStore((state) => state.welcome);
  const focus = useUiStore((state) => state.settingsFocus);
  const keyStored = useKeyStore((state) => state.status?.stored ?? false);
  const view = useSettingsStore((state) => state.view);
  const loadError = useSettingsStore((state) => state.loadError);
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const keyInputRef = useRef<HTMLInputElement>(null);
  const budgetInputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open || focus === null) return;
    const target = focus === 'api-key' ? keyInputRef.current : focus === 'budget' ? budgetInputRef.current : null;
    (target ?? headingRef.current)?.focus();
    settingsFocused();
  }, [open, focus]);

  if (!open) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      closeAndReturnFocus();
    }
  };

  return (
    <section id={SETTINGS_PANEL_ID} className="panel settings-panel" aria-labelledby={headingId} onKeyDown={onKeyDown}>
      <div className="panel-head">
        <h2 id={headingId} ref={headingRef} tabIndex={-1} className="panel-title">
          Settings
        </h2>
        {/* Plain "Close": the region names it, and a name containing "Settings" would blur the toggle's. */}
        <button type="button" className="button button-quiet" onClick={closeAndReturnFocus}>
          Close
        </button>
      </div>
      {welcome && !keyStored ? <p className="welcome">Welcome to Reverie. Add your AI/ML API key to start generating images.</p> : null}
      <ApiKeySection inputRef={keyInputRef} />
      {loadError ? <RetryAlert error={loadError} onRetry={loadSettings} /> : null}
      {view ? (
        <>
          <ApiBaseUrlSection key={view.apiBaseUrl ?? ''} view={view} />
          <DefaultAspectRatioSection view={view} />
          <ConcurrencySection view={view} />
          <BudgetSection key={String(view.dailyBudgetUsd)} view={view} inputRef={budgetInputRef} />
          <NotifySection view={view} />
          <DragFormatSection view={view} />
        </>
      ) : null}
      <LibraryLocationSection />
      <LibraryMaintenanceSection />
    </section>
  );
}
