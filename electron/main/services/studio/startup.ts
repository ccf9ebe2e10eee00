import { Settings } from '../../../shared/domain';
import { removeInterruptedWork } from '../interrupted-work';
import { createLibraryLocator, defaultLibraryRoot, type LibraryLocator } from '../library-folder/location';
import type { NoticeBoard } from '../notice-board';
import type { SettingsBackend } from '../ports';
import { openSettings, type SettingsRecovery, type SettingsService } from '../settings/settings';

export interface StartupPlace {
  settings: SettingsService;
  locator: LibraryLocator;
  /** The library folder to open. */
  root: string;
  /** Where a move that a crash cut short was going (its leftovers are swept), or null. */
  interruptedMoveTo: string | null;
}

function recoveryNotice(recovery: SettingsRecovery, root: string) {
  const what =
    recovery.resetFields.length >= Object.keys(Settings.shape).length
      ? 'Reverie started with default settings'
      : `Reverie kept your other settings; these went back to their defaults: ${recovery.resetFields.join(', ')}`;
  const kept = recovery.keptAt
    ? `The file as it was is kept at ${recovery.keptAt}.`
    : 'The file could not be set aside, so it stays where it was until you change a setting.';
  return {
    severity: 'warning' as const,
    title: 'Your settings could not be read',
    message: `${recovery.reason} ${what}. ${kept} Your library is where it was: ${root}.`,
    path: recovery.keptAt,
  };
}

/**
 * Settings first (an unreadable file set aside and the user told), then the library folder, from the
 * pointer the settings cannot take with them, and the temp folders of a merge, restore or move that a
 * crash cut short swept away. The settings keep a copy of the location, brought in line with the
 * pointer here.
 */
export async function openSettingsAndPlace(deps: {
  dataDir: string;
  settingsBackend: SettingsBackend;
  env: Readonly<Record<string, string | undefined>>;
  notices: NoticeBoard;
  now: () => number;
}): Promise<StartupPlace> {
  const recoveries: SettingsRecovery[] = [];
  const settings = await openSettings(deps.settingsBackend, deps.env, { now: deps.now, onRecovered: (found) => recoveries.push(found) });
  const locator = createLibraryLocator(deps.dataDir);
  const { root, interruptedMoveTo } = await locator.resolve(settings.view().libraryLocation);
  const mirrored = root === defaultLibraryRoot(deps.dataDir) ? null : root;
  for (const path of await removeInterruptedWork(root, interruptedMoveTo)) console.warn(`library: removed ${path}, left by work a crash interrupted`);
  if (settings.view().libraryLocation !== mirrored) {
    await settings.setLibraryLocation(mirrored).catch((error: unknown) => console.warn(`settings: the library location could not be saved: ${String(error)}`));
  }
  for (const recovery of recoveries) deps.notices.post(recoveryNotice(recovery, root));
  return { settings, locator, root, interruptedMoveTo };
}
