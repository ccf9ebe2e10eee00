import type { ReactNode, RefObject } from 'react';
import type { SettingsView } from '../../../../electron/shared/domain';
import { RetryAlert } from '../../components/retry-alert';
import { loadSettings, useSettingsStore } from '../../stores/settings-store';
import { ApiBaseUrlSection } from './api-base-url-section';
import { ApiKeySection } from './api-key-section';
import { BudgetSection } from './budget-section';
import { ConcurrencySection } from './concurrency-section';
import { DefaultAspectRatioSection } from './default-aspect-ratio-section';
import { DragFormatSection } from './drag-format-section';
import { KeyTest } from './key-test';
import { LibraryLocationSection } from './library-location-section';
import { LibraryMaintenanceSection } from './library-maintenance-section';
import { NotifySection } from './notify-section';
import { ThemeSection } from './theme-section';

/** The sections that show main's settings: they wait for them, or offer to ask again. */
function WithSettings({ children }: { children: (view: SettingsView) => ReactNode }) {
  const view = useSettingsStore((state) => state.view);
  const loadError = useSettingsStore((state) => state.loadError);
  if (view) return children(view);
  if (loadError) return <RetryAlert error={loadError} onRetry={loadSettings} />;
  return <p className="field-note">Loading settings…</p>;
}

export function AccountPage({ keyInputRef }: { keyInputRef: RefObject<HTMLInputElement | null> }) {
  return (
    <>
      <ApiKeySection inputRef={keyInputRef} />
      <KeyTest inputRef={keyInputRef} />
    </>
  );
}

export function GenerationPage({ budgetInputRef }: { budgetInputRef: RefObject<HTMLInputElement | null> }) {
  return (
    <WithSettings>
      {(view) => (
        <>
          <DefaultAspectRatioSection view={view} />
          <BudgetSection key={String(view.dailyBudgetUsd)} view={view} inputRef={budgetInputRef} />
          <ConcurrencySection view={view} />
          <NotifySection view={view} />
          <ApiBaseUrlSection key={view.apiBaseUrl ?? ''} view={view} />
        </>
      )}
    </WithSettings>
  );
}

export function LibraryPage() {
  return (
    <>
      <LibraryLocationSection />
      <LibraryMaintenanceSection />
    </>
  );
}

export function ExportPage() {
  return <WithSettings>{(view) => <DragFormatSection view={view} />}</WithSettings>;
}

export function AppearancePage() {
  return <WithSettings>{(view) => <ThemeSection view={view} />}</WithSettings>;
}
