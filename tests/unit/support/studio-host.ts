import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import type { Studio } from '../../../electron/main/services/studio';
import type { EventName, Events } from '../../../electron/shared/contract';
import { testKeychainService } from '../../support/keychain';
import { openHostedStudio } from '../../support/open-hosted-studio';
import { createRecordingDesktop, type DesktopRecords } from '../../support/recording-ports';

export interface HostedStudio extends DesktopRecords {
  studio: Studio;
  dataDir: string;
  events: Array<{ event: EventName; payload: Events[EventName] }>;
  /** Closes this studio and opens a new one on the same data folder and keychain entry. */
  restart(options?: { apiBaseUrl?: string }): Promise<HostedStudio>;
  dispose(): Promise<void>;
}

export async function hostStudio(options: { apiBaseUrl: string; dataDir?: string; keychainService?: string }): Promise<HostedStudio> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'reverie-studio-')));
  const keychainService = options.keychainService ?? testKeychainService();
  const events: HostedStudio['events'] = [];
  const desktop = createRecordingDesktop();
  const studio = await openHostedStudio({
    ...desktop.ports,
    dataDir,
    keychainService,
    apiBaseUrl: options.apiBaseUrl,
    emit: (event, payload) => events.push({ event, payload }),
  });
  return {
    studio,
    dataDir,
    events,
    ...desktop.records,
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
