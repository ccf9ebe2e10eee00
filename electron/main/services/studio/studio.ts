import type { Handlers } from '../../../shared/contract';
import { createKeyVault } from '../settings/key-vault';
import { createNetworkMonitor } from '../queue/network-monitor';
import { createAccount } from '../account/account';
import { createNoticeBoard } from '../notice-board';
import type { StudioContext } from './context';
import { openCurrentLibrary } from './current-library';
import { guardHandlers } from './guard';
import { exportHandlers } from './handlers/export';
import { libraryHandlers } from './handlers/library';
import { libraryFolderHandlers } from './handlers/library-folder';
import { networkHandlers } from './handlers/network';
import { accountHandlers } from './handlers/account';
import { noticeHandlers } from './handlers/notices';
import { organizeHandlers } from './handlers/organize';
import { promptHandlers } from './handlers/prompts';
import { queueHandlers } from './handlers/queue';
import { settingsHandlers } from './handlers/settings';
import { shareHandlers } from './handlers/share';
import { resolveMedia } from './media-file';
import { openSettingsAndPlace } from './startup';
import type { Studio, StudioDeps } from './types';

export type { Studio, StudioDeps } from './types';

export { defaultLibraryRoot } from '../library-folder/location';

/**
 * The main-process application as plain TypeScript: every IPC handler and the media lookup.
 * Electron main and the browser test harness both host exactly this, with their own adapters.
 */
export async function openStudio(deps: StudioDeps): Promise<Studio> {
  const now = deps.now ?? Date.now;
  const vault = createKeyVault(deps.secretStore);
  const notices = createNoticeBoard({ emit: deps.emit, now });
  const { settings, locator, root } = await openSettingsAndPlace({ ...deps, notices, now });
  // Before any window exists: its first paint is already in the chosen theme.
  deps.appearance?.apply(settings.view().theme);
  const network = createNetworkMonitor({
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    baseUrl: () => settings.apiBaseUrl(),
    emit: deps.emit,
    now,
  });
  const account = createAccount({
    dataDir: deps.dataDir,
    baseUrl: () => settings.apiBaseUrl(),
    apiKey: () => vault.current(),
    emit: deps.emit,
    now,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const library = await openCurrentLibrary(root, {
    locator,
    settings,
    session: {
      imageCodec: deps.imageCodec,
      notices,
      settings,
      apiKey: () => vault.current(),
      network,
      creditsPerImage: (model) => account.prices.creditsPerImage(model),
      // A settled batch has changed the balance: read it again (at most once a minute, in the background).
      onBatchSettled: () => account.balance.changed(),
      notifier: deps.notifier,
      emit: deps.emit,
      now,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.downloadTransport ? { downloadTransport: deps.downloadTransport } : {}),
    },
  });
  // Learn early whether the API is reachable, without holding up the window.
  void network.check();
  // The live prices, for the estimates; the docs' figures stand until they arrive (or if they never do).
  void account.prices.refresh();

  const context: StudioContext = { deps, now, vault, settings, network, notices, account, library, session: () => library.session() };
  const handlers = {
    ...settingsHandlers(context),
    ...queueHandlers(context),
    ...promptHandlers(context),
    ...libraryHandlers(context),
    ...organizeHandlers(context),
    ...exportHandlers(context),
    ...shareHandlers(context),
    ...libraryFolderHandlers(context),
    ...noticeHandlers(context),
    ...networkHandlers(context),
    ...accountHandlers(context),
  } satisfies Handlers;

  let closed = false;
  return {
    handlers: guardHandlers(handlers, library),
    resolveMedia: (variant, id) => resolveMedia(library.session(), variant, id),
    backgroundChecks: () => library.session().checked,
    async close() {
      if (closed) return;
      closed = true;
      network.close();
      await account.balance.close();
      await library.session().close();
    },
  };
}
