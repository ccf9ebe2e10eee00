import { createFileSettingsBackend } from '../../electron/main/adapters/file-settings-backend';
import { createSharpImageCodec } from '../../electron/main/adapters/sharp-image-codec';
import type { FreeSpaceProbe } from '../../electron/main/services/free-space';
import { openStudio, type Studio } from '../../electron/main/services/studio/studio';
import type {
  DesktopClipboard,
  FileDragger,
  FilePicker,
  FileRevealer,
  FolderPicker,
  LinkOpener,
  Notifier,
  SecretStore,
} from '../../electron/main/services/ports';
import type { Emit } from '../../electron/shared/contract';
import {
  createRecordingClipboard,
  createRecordingDragger,
  createRecordingLinkOpener,
  createRecordingNotifier,
  createRecordingRevealer,
  createScriptedFilePicker,
  createScriptedFolderPicker,
} from './recording-ports';

export interface HostOptions {
  dataDir: string;
  /**
   * Where the API key is kept: an in-memory entry in the test suites (tests/support/memory-secret-store.ts),
   * so they run on any machine; the real keychain (keytar, under a name of its own) in the preview.
   */
  secretStore: SecretStore;
  apiBaseUrl: string;
  emit: Emit;
  notifier?: Notifier;
  linkOpener?: LinkOpener;
  folderPicker?: FolderPicker;
  filePicker?: FilePicker;
  clipboard?: DesktopClipboard;
  dragger?: FileDragger;
  revealer?: FileRevealer;
}

/** What only the tests set. */
export interface TestHostOptions {
  /** Free bytes on a disk, to simulate a full one (default: the real disk, through statfs). */
  freeSpace?: FreeSpaceProbe;
}

/**
 * The studio as Electron main builds it (container.ts), minus Electron: sharp, node:sqlite, the
 * secret store the caller picks, and a JSON settings file where the app uses electron-store.
 */
export function openHostedStudio(options: HostOptions, testOptions: TestHostOptions = {}): Promise<Studio> {
  return openStudio({
    dataDir: options.dataDir,
    secretStore: options.secretStore,
    settingsBackend: createFileSettingsBackend(options.dataDir),
    imageCodec: createSharpImageCodec(),
    env: { REVERIE_API_BASE_URL: options.apiBaseUrl },
    emit: options.emit,
    notifier: options.notifier ?? createRecordingNotifier(),
    linkOpener: options.linkOpener ?? createRecordingLinkOpener(),
    folderPicker: options.folderPicker ?? createScriptedFolderPicker(),
    filePicker: options.filePicker ?? createScriptedFilePicker(),
    clipboard: options.clipboard ?? createRecordingClipboard(),
    dragger: options.dragger ?? createRecordingDragger(),
    revealer: options.revealer ?? createRecordingRevealer(),
    ...(testOptions.freeSpace ? { freeSpace: testOptions.freeSpace } : {}),
  });
}
