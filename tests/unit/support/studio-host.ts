import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FreeSpaceProbe } from '../../../electron/main/services/free-space';
import type { Studio } from '../../../electron/main/services/studio/studio';
import type { EventName, Events } from '../../../electron/shared/contract';
import { createMemorySecretStore, type MemorySecretStore } from '../../support/memory-secret-store';
import { openHostedStudio } from '../../support/open-hosted-studio';
import { createRecordingDesktop, type DesktopRecords } from '../../support/recording-ports';

export interface HostedStudio extends DesktopRecords {
  studio: Studio;
  dataDir: string;
  /** The keychain entry this studio uses: in memory, kept across restart() like the OS keychain would be. */
  secretStore: MemorySecretStore;
  events: Array<{ event: EventName; payload: Events[EventName] }>;
  /** Closes this studio and opens a new one on the same data folder and keychain entry. */
  restart(options?: { apiBaseUrl?: string }): Promise<HostedStudio>;
  dispose(): Promise<void>;
}

export async function hostStudio(options: {
  apiBaseUrl: string;
  dataDir?: string;
  secretStore?: MemorySecretStore;
  freeSpace?: FreeSpaceProbe;
}): Promise<HostedStudio> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'reverie-studio-')));
  const secretStore = options.secretStore ?? createMemorySecretStore();
  const events: HostedStudio['events'] = [];
  const desktop = createRecordingDesktop();
  const studio = await openHostedStudio(
    {
      ...desktop.ports,
      dataDir,
      secretStore,
      apiBaseUrl: options.apiBaseUrl,
      emit: (event, payload) => events.push({ event, payload }),
    },
    options.freeSpace ? { freeSpace: options.freeSpace } : {},
  );
  return {
    studio,
    dataDir,
    secretStore,
    events,
    ...desktop.records,
    async restart(next = {}) {
      await studio.close();
      return hostStudio({
        apiBaseUrl: next.apiBaseUrl ?? options.apiBaseUrl,
        dataDir,
        secretStore,
        ...(options.freeSpace ? { freeSpace: options.freeSpace } : {}),
      });
    },
    async dispose() {
      await studio.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
