import './settings.css';
import { HardDrive, KeyRound, Palette, Share2, SlidersHorizontal, X, type LucideIcon } from 'lucide-react';
import { Dialog, Tabs } from 'radix-ui';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { closeSettings, settingsFocused, SETTINGS_SECTIONS, showSettingsSection, useUiStore, type SettingsSectionId } from '../../stores/ui-store';
import { SETTINGS_TOGGLE_ID } from './settings-ids';
import { AccountPage, AppearancePage, ExportPage, GenerationPage, LibraryPage } from './settings-pages';
import { useAppliedTheme } from './theme-section';
import { WelcomeDialog } from './welcome-dialog';

const SECTION_LABELS: Record<SettingsSectionId, { label: string; icon: LucideIcon }> = {
  account: { label: 'Account & key', icon: KeyRound },
  generation: { label: 'Generation', icon: SlidersHorizontal },
  library: { label: 'Library', icon: HardDrive },
  export: { label: 'Export & drag', icon: Share2 },
  appearance: { label: 'Appearance', icon: Palette },
};

const isSection = (value: string): value is SettingsSectionId => (SETTINGS_SECTIONS as readonly string[]).includes(value);

/** Settings and the first-start welcome, and the theme they both live under. */
export function SettingsDialogs() {
  useAppliedTheme();
  return (
    <>
      <SettingsDialog />
      <WelcomeDialog />
    </>
  );
}

/**
 * Settings as a modal dialog with a section list (tabs). No Dialog.Overlay: Radix's overlay adds
 * a <style> element to lock scrolling, which the production CSP (style-src 'self') refuses; the
 * backdrop is a plain element instead, and the app's areas scroll on their own anyway.
 */
export function SettingsDialog() {
  const open = useUiStore((state) => state.settingsOpen);
  const section = useUiStore((state) => state.settingsSection);
  const opener = useRef<HTMLElement | null>(null);

  // Whatever had focus when Settings opened (the button, an error's action) gets it back on close.
  useLayoutEffect(() => {
    if (open) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, [open]);

  return (
    <Dialog.Root open={open} onOpenChange={(next) => (next ? undefined : closeSettings())}>
      <Dialog.Portal>
        <div className="dialog-backdrop">
          <Dialog.Content
            className="settings-dialog"
            aria-describedby={undefined}
            // SettingsFocus places focus itself (a field an error pointed at, or the section's tab).
            onOpenAutoFocus={(event) => event.preventDefault()}
            // A click on the backdrop closes Settings. Focus or a click anywhere else (a file
            // dialog drawn over the page, as the preview draws the save dialog) leaves it open.
            onInteractOutside={(event) => {
              if (!(event.target instanceof Element && event.target.closest('.dialog-backdrop'))) event.preventDefault();
            }}
            onCloseAutoFocus={(event) => {
              event.preventDefault();
              const back = opener.current?.isConnected ? opener.current : document.getElementById(SETTINGS_TOGGLE_ID);
              back?.focus();
            }}
          >
            <div className="settings-head">
              <Dialog.Title className="settings-title">Settings</Dialog.Title>
              {/* Plain "Close": the dialog names it, and a name containing "Settings" would blur the button's. */}
              <Dialog.Close className="icon-button" aria-label="Close" title="Close">
                <X aria-hidden="true" />
              </Dialog.Close>
            </div>
            <SettingsTabs section={section} />
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function SettingsTabs({ section }: { section: SettingsSectionId }) {
  const focus = useUiStore((state) => state.settingsFocus);
  const keyInputRef = useRef<HTMLInputElement>(null);
  const budgetInputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  // Runs once the section asked for is on screen: the field an error sent the user to, else the section's tab.
  useEffect(() => {
    if (focus === null) return;
    const field = focus === 'api-key' ? keyInputRef.current : focus === 'budget' ? budgetInputRef.current : null;
    (field ?? listRef.current?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]'))?.focus();
    settingsFocused();
  }, [focus, section]);

  return (
    <Tabs.Root
      className="settings-body"
      orientation="vertical"
      value={section}
      onValueChange={(value) => {
        if (isSection(value)) showSettingsSection(value);
      }}
    >
      <Tabs.List ref={listRef} className="settings-nav" aria-label="Settings sections">
        {SETTINGS_SECTIONS.map((id) => {
          const { label, icon: Icon } = SECTION_LABELS[id];
          return (
            <Tabs.Trigger key={id} value={id} className="button-bare settings-tab">
              <Icon aria-hidden="true" />
              <span>{label}</span>
            </Tabs.Trigger>
          );
        })}
      </Tabs.List>
      <Tabs.Content value="account" className="settings-page">
        <AccountPage keyInputRef={keyInputRef} />
      </Tabs.Content>
      <Tabs.Content value="generation" className="settings-page">
        <GenerationPage budgetInputRef={budgetInputRef} />
      </Tabs.Content>
      <Tabs.Content value="library" className="settings-page">
        <LibraryPage />
      </Tabs.Content>
      <Tabs.Content value="export" className="settings-page">
        <ExportPage />
      </Tabs.Content>
      <Tabs.Content value="appearance" className="settings-page">
        <AppearancePage />
      </Tabs.Content>
    </Tabs.Root>
  );
}
