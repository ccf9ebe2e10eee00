import type { Emit, Handlers } from '../../../shared/contract';
import type { ImageMimeType, MediaVariant, Theme } from '../../../shared/domain';
import type { FreeSpaceProbe } from '../free-space';
import type { DownloadTransport } from '../api/download-transport';
import type {
  DesktopClipboard,
  FileDragger,
  FilePicker,
  FileRevealer,
  FolderPicker,
  ImageCodec,
  LinkOpener,
  Notifier,
  SecretStore,
  SettingsBackend,
} from '../ports';

/** The host's own light or dark (Electron's nativeTheme), so the window is drawn in the chosen theme from its first paint. */
export interface Appearance {
  apply(theme: Theme): void;
}

/** Everything the studio needs from its host (Electron main, or the browser test harness). */
export interface StudioDeps {
  /** Root of everything Reverie keeps on disk: library database, images, thumbnails, sidecars. */
  dataDir: string;
  secretStore: SecretStore;
  settingsBackend: SettingsBackend;
  imageCodec: ImageCodec;
  /** Environment variables (for REVERIE_API_BASE_URL); passed in so tests control them. */
  env: Readonly<Record<string, string | undefined>>;
  /** Main → renderer notifications. */
  emit: Emit;
  /** System notifications when a batch finishes in the background. */
  notifier: Notifier;
  /** Opens the allow-listed external pages (billing, keys, docs). */
  linkOpener: LinkOpener;
  /** Asks the user for folders (moving the library, export destinations): the renderer never sends a path. */
  folderPicker: FolderPicker;
  /** Open and save dialogs for backup archives. */
  filePicker: FilePicker;
  clipboard: DesktopClipboard;
  dragger: FileDragger;
  revealer: FileRevealer;
  /** Main's HTTP to the API (the POST, the reachability probe); default Node's fetch. */
  fetch?: typeof fetch;
  /** Image downloads, checked against private addresses after resolution; default direct and pinned. */
  downloadTransport?: DownloadTransport;
  now?: () => number;
  /** Follows the theme chosen in Settings; absent in hosts with no theme of their own (the browser harness). */
  appearance?: Appearance;
  /** Free bytes on the disk holding a path (Node's statfs by default); tests simulate a full disk. */
  freeSpace?: FreeSpaceProbe;
}

export interface MediaFile {
  path: string;
  mimeType: ImageMimeType;
}

/** The main-process application: every IPC handler, plus media lookup by id for the media scheme. */
export interface Studio {
  handlers: Handlers;
  /** The file behind a library id, or null when the id is unknown or its file is gone. */
  resolveMedia(variant: MediaVariant, id: string): Promise<MediaFile | null>;
  /** Settles when the checks the open library began in the background (image files, database integrity) are done. */
  backgroundChecks(): Promise<void>;
  close(): Promise<void>;
}
