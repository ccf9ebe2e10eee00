import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import type { Studio } from '../../../electron/main/services/studio';
import type { EventName, Events } from '../../../electron/shared/contract';
import { testKeychainService } from '../../support/keychain';
import { openHostedStudio } from '../../support/open-hosted-studio';
import {
  createRecordingClipboard,
  createRecordingDragger,
  createRecordingLinkOpener,
  createRecordingNotifier,
  createRecordingRevealer,
  createScriptedFilePicker,
  createScriptedFolderPicker,
} from '../../support/recording-ports';

export interface HostedStudio {
  studio: Studio;
  dataDir: string;
  events: Array<{ event: EventName; payload: Events[EventName] }>;
  /** Pages the studio asked the system browser to open. */
  openedLinks: string[];
  /** System notifications the studio raised. */
  notifications: Array<{ title: string; body: string }>;
  /** Answers for the "choose a folder" dialog, in order; none left means the user cancelled. */
  folderAnswers: Array<string | null | Promise<string | null>>;
  /** Answers for the open/save file dialogs, in order. */
  fileAnswers: Array<string | null>;
  clipboardWrites: Array<{ text?: string; imagePath?: string }>;
  drags: Array<{ files: string[]; iconPath: string }>;
  revealed: string[];
  /** Closes this studio and opens a new one on the same data folder and keychain entry. */
  restart(options?: { apiBaseUrl?: string }): Promise<HostedStudio>;
  dispose(): Promise<void>;
}

export async function hostStudio(options: { apiBaseUrl: string; dataDir?: string; keychainService?: string }): Promise<HostedStudio> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'reverie-studio-')));
  const keychainService = options.keychainService ?? testKeychainService();
  const events: HostedStudio['events'] = [];
  const linkOpener = createRecordingLinkOpener();
  const notifier = createRecordingNotifier();
  const folderPicker = createScriptedFolderPicker();
  const filePicker = createScriptedFilePicker();
  const clipboard = createRecordingClipboard();
  const dragger = createRecordingDragger();
  const revealer = createRecordingRevealer();
  const studio = await openHostedStudio({
    linkOpener,
    notifier,
    folderPicker,
    filePicker,
    clipboard,
    dragger,
    revealer,
    dataDir,
    keychainService,
    apiBaseUrl: options.apiBaseUrl,
    emit: (event, payload) => events.push({ event, payload }),
  });
  return {
    studio,
    dataDir,
    events,
    openedLinks: linkOpener.opened,
    notifications: notifier.shown,
    folderAnswers: folderPicker.answers,
    fileAnswers: filePicker.answers,
    clipboardWrites: clipboard.writes,
    drags: dragger.drags,
    revealed: revealer.revealed,
    async restart(next = {}) {
      await studio.close();
      return hostStudio({ apiBaseUrl: next.apiBaseUrl ?? options.apiBaseUrl, dataDir, keychainService });
    },
    async dispose() {
      await studio.close();
      await keytar.deletePassword(keychainService, 'aimlapi').catch(() => false);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
