import type { ApiKeyInput, KeyStatus } from '../../../shared/domain';
import { appError, fail, ok, type Result } from '../../../shared/errors';
import type { SecretStore } from '../ports';
import { createKeychainCalls, KEYCHAIN_TIMEOUT_MS, type KeychainAnswer } from './keychain-calls';

const SESSION_ONLY_OFFER = 'You can still use the key for this session only: it stays in memory and is forgotten when Reverie quits.';

const KEYCHAIN_UNREACHABLE =
  'No system keychain is reachable, so the key cannot be saved. On Linux a Secret Service ' +
  `(GNOME Keyring or KWallet) must be running. ${SESSION_ONLY_OFFER}`;

const keychainSilent = (timeoutMs: number) =>
  `The system keychain did not answer within ${Math.round(timeoutMs / 1000)} seconds, so the key was not saved. ` +
  'On Linux it may be asking for its password on a screen you cannot see (a headless machine, or a remote session). ' +
  SESSION_ONLY_OFFER;

export interface KeyVault {
  status(): Promise<KeyStatus>;
  save(input: ApiKeyInput): Promise<Result<KeyStatus>>;
  remove(): Promise<Result<KeyStatus>>;
  /** The key itself, for the request that needs it. Main only: never returned over IPC. */
  current(): Promise<string | null>;
}

export interface KeyVaultOptions {
  /** How long the keychain gets to answer each call (default 15 s). */
  keychainTimeoutMs?: number;
}

/**
 * The API key lives in the OS keychain, or (when none can be used and the user agrees) in this
 * process's memory for the session. Nothing here writes it anywhere else, and the renderer only
 * ever learns whether a key is stored and its last four characters.
 *
 * A keychain that does not answer (keychain-calls.ts) counts as unreachable, with its own message.
 * Two rules keep what the user was told true when it answers late:
 * - A save that ran out of time was reported as "not saved", so if the write lands afterwards the
 *   vault deletes that entry again (only if it still holds that very key). The key the entry held
 *   before is gone either way: the user asked to replace it, and the late write already did.
 * - A session key, once chosen, is the key in use until it is removed or a keychain save succeeds:
 *   the last key the user gave wins over whatever the keychain turns out to hold.
 */
export function createKeyVault(secretStore: SecretStore, options: KeyVaultOptions = {}): KeyVault {
  const timeoutMs = options.keychainTimeoutMs ?? KEYCHAIN_TIMEOUT_MS;
  const keychain = createKeychainCalls(timeoutMs);
  let sessionKey: string | null = null;

  /** Why the keychain cannot be used, for a call that did not answer as asked; null when it did. */
  const problemOf = (answer: KeychainAnswer<unknown>): string | null => {
    if (answer.kind === 'answered') return null;
    // The error text of libsecret/keytar says nothing the user can act on; ours does.
    return answer.kind === 'no-answer' ? keychainSilent(timeoutMs) : KEYCHAIN_UNREACHABLE;
  };

  async function readKeychain(): Promise<{ key: string | null; problem: string | null }> {
    const answer = await keychain.run(() => secretStore.get());
    return { key: answer.kind === 'answered' ? answer.value : null, problem: problemOf(answer) };
  }

  function describe(key: string | null, storage: KeyStatus['storage'], problem: string | null): KeyStatus {
    return {
      stored: key !== null,
      last4: key === null ? null : key.slice(-4),
      storage: key === null ? null : storage,
      keychainAvailable: problem === null,
      keychainMessage: problem,
    };
  }

  async function status(): Promise<KeyStatus> {
    const read = await readKeychain();
    if (sessionKey !== null) return describe(sessionKey, 'session', read.problem);
    return describe(read.key, 'keychain', read.problem);
  }

  /** A write reported as "not saved" that landed after all: taken back, unless something else is in the entry by now. */
  async function takeBackLateWrite(key: string): Promise<void> {
    if ((await secretStore.get()) === key) await secretStore.delete();
  }

  return {
    status,

    async save({ key, sessionOnly }) {
      if (sessionOnly) {
        sessionKey = key;
        return ok(await status());
      }
      const answer = await keychain.run(
        () => secretStore.set(key),
        () => takeBackLateWrite(key),
      );
      const problem = problemOf(answer);
      if (problem !== null) {
        const detail = answer.kind === 'no-answer' ? `The keychain call had no answer after ${timeoutMs} ms.` : undefined;
        return fail(appError('keychain-unavailable', problem, detail ? { detail } : {}));
      }
      // A key saved to the keychain replaces any session key, so there is one answer to "which key".
      sessionKey = null;
      return ok(await status());
    },

    async remove() {
      sessionKey = null;
      const stored = await readKeychain();
      if (stored.problem === null && stored.key !== null) {
        const answer = await keychain.run(() => secretStore.delete());
        if (answer.kind === 'no-answer') {
          // A late delete does what was asked, so it needs no taking back.
          return fail(appError('keychain-unavailable', 'The system keychain did not answer, so the key may still be stored there. Try again.'));
        }
        if (answer.kind === 'failed') return fail(appError('keychain-unavailable', 'The key could not be removed from the system keychain.'));
      }
      return ok(await status());
    },

    async current() {
      if (sessionKey !== null) return sessionKey;
      return (await readKeychain()).key;
    },
  };
}
