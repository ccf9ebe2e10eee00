import type { BrowserWindow } from 'electron';
import type { Emit } from '../shared/contract';
import { createElectronAppearance } from './adapters/electron-appearance';
import { createElectronClipboard, createElectronDragger, createElectronFilePicker, createElectronRevealer } from './adapters/electron-desktop';
import { createElectronDownloadTransport } from './adapters/electron-download-transport';
import { createElectronFetch } from './adapters/electron-fetch';
import { createElectronFolderPicker } from './adapters/electron-folder-picker';
import { createElectronLinkOpener } from './adapters/electron-link-opener';
import { createElectronNotifier } from './adapters/electron-notifier';
import { createElectronSettingsBackend } from './adapters/electron-settings-backend';
import { createKeytarSecretStore } from './adapters/keytar-secret-store';
import { createSharpImageCodec } from './adapters/sharp-image-codec';
import { openStudio } from './services/studio/studio';
import type { Studio } from './services/studio/types';

export interface ContainerOptions {
  dataDir: string;
  keychain: { service: string; account: string };
  env: Readonly<Record<string, string | undefined>>;
  emit: Emit;
  getWindows: () => readonly BrowserWindow[];
}

/**
 * The composition root: the only place that picks concrete adapters. Everything is built from the
 * options and returned; nothing is kept at module level, so a second container is a fresh one.
 */
export function buildStudio(options: ContainerOptions): Promise<Studio> {
  return openStudio({
    dataDir: options.dataDir,
    secretStore: createKeytarSecretStore(options.keychain.service, options.keychain.account),
    settingsBackend: createElectronSettingsBackend(options.dataDir),
    imageCodec: createSharpImageCodec(),
    env: options.env,
    emit: options.emit,
    notifier: createElectronNotifier(options.getWindows),
    linkOpener: createElectronLinkOpener(),
    folderPicker: createElectronFolderPicker(options.getWindows),
    filePicker: createElectronFilePicker(options.getWindows),
    clipboard: createElectronClipboard(),
    dragger: createElectronDragger(options.getWindows),
    revealer: createElectronRevealer(),
    appearance: createElectronAppearance(),
    // Chromium's network stack: the system proxy (PAC included) and the OS certificate store.
    // Electron's net works only after `ready`; index.ts builds the studio inside whenReady().
    fetch: createElectronFetch(),
    // Image links come from the API's answer: direct downloads are pinned to a checked public address.
    downloadTransport: createElectronDownloadTransport(),
  });
}
