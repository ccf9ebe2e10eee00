import type { ApiKeyInput, KeyStatus } from '../../../shared/domain';
import { appError, fail, ok, type Result } from '../../../shared/errors';
import type { SecretStore } from '../ports';

const KEYCHAIN_UNREACHABLE =
  'No system keychain is reachable, so the key cannot be saved. On Linux a Secret Service ' +
  '(GNOME Keyring or KWallet) must be running. You can still use the key for this session only: ' +
  'it stays in memory and is forgotten when Reverie quits.';

export interface KeyVault {
  status(): Promise<KeyStatus>;
  save(input: ApiKeyInput): Promise<Result<KeyStatus>>;
  remove(): Promise<Result<KeyStatus>>;
  /** The key itself, for the request that needs it. Main only: never returned over IPC. */
  current(): Promise<string | null>;
}

/**
 * The API key lives in the OS keychain, or (when none is reachable and the user agrees) in this
 * process's memory for the session. Nothing here writes it anywhere else, and the renderer only
 * ever learns whether a key is stored and its last four characters.
 */
export function createKeyVault(secretStore: SecretStore): KeyVault {
  let sessionKey: string | null = null;

  async function readKeychain(): Promise<{ key: string | null; reachable: boolean }> {
    try {
      return { key: await secretStore.get(), reachable: true };
    } catch {
      // The error text of libsecret/keytar says nothing the user can act on; ours does.
      return { key: null, reachable: false };
    }
  }

  function describe(key: string | null, storage: KeyStatus['storage'], reachable: boolean): KeyStatus {
    return {
      stored: key !== null,
      last4: key === null ? null : key.slice(-4),
      storage: key === null ? null : storage,
      keychainAvailable: reachable,
      keychainMessage: reachable ? null : KEYCHAIN_UNREACHABLE,
    };
  }

  async function status(): Promise<KeyStatus> {
    const keychain = await readKeychain();
    if (keychain.key !== null) return describe(keychain.key, 'keychain', true);
    return describe(sessionKey, 'session', keychain.reachable);
  }

  return {
    status,

    async save({ key, sessionOnly }) {
      if (sessionOnly) {
        sessionKey = key;
        return ok(await status());
      }
      try {
        await secretStore.set(key);
      } catch {
        return fail(appError('keychain-unavailable', KEYCHAIN_UNREACHABLE));
      }
      // A key saved to the keychain replaces any session key, so there is one answer to "which key".
      sessionKey = null;
      return ok(await status());
    },

    async remove() {
      sessionKey = null;
      const keychain = await readKeychain();
      if (keychain.reachable && keychain.key !== null) {
        try {
          await secretStore.delete();
        } catch {
          return fail(appError('keychain-unavailable', 'The key could not be removed from the system keychain.'));
        }
      }
      return ok(await status());
    },

    async current() {
      const keychain = await readKeychain();
      return keychain.key ?? sessionKey;
    },
  };
}
