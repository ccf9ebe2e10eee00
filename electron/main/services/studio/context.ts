import type { Account } from '../account/account';
import type { NetworkMonitor } from '../queue/network-monitor';
import type { NoticeBoard } from '../notice-board';
import type { KeyVault } from '../settings/key-vault';
import type { SettingsService } from '../settings/settings';
import type { CurrentLibrary } from './current-library';
import type { LibrarySession } from './session';
import type { StudioDeps } from './types';

/** What every handler slice of the studio works with: the host's ports, the app-wide services, and the open library. */
export interface StudioContext {
  deps: StudioDeps;
  now: () => number;
  vault: KeyVault;
  settings: SettingsService;
  network: NetworkMonitor;
  notices: NoticeBoard;
  /** The account's balance and the models' prices (app-wide). */
  account: Account;
  library: CurrentLibrary;
  /** The open library folder's services, read at each call (a move or restore replaces them). */
  session: () => LibrarySession;
}
