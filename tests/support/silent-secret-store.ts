import type { SecretStore } from '../../electron/main/services/ports';
import { createMemorySecretStore, type MemorySecretStore } from './memory-secret-store';

/** A keychain entry that does not answer until the test says so. */
export interface SilentSecretStore extends SecretStore {
  /** Calls the keychain has been asked and has not answered yet, oldest first. */
  readonly waiting: ReadonlyArray<{ call: 'get' | 'set' | 'delete' }>;
  /** The keyring is unlocked: every waiting call is answered, in the order made, and later calls at once. */
  unlock(): Promise<void>;
  /** What the entry holds now. */
  peek(): string | null;
}

/**
 * The keychain of a Linux machine whose GNOME Keyring is locked and asks for its password on a
 * display nobody sees (a headless machine, an SSH session): keytar's promise stays pending, with
 * no error and no timeout of its own (keytar 7.9 `src/keytar_posix.cc` calls libsecret's blocking
 * `secret_password_store_sync`, `_lookup_sync` and `_clear_sync` on an AsyncWorker thread,
 * `src/async.cc`, and they wait for the prompt).
 *
 * Faithful in what it accepts: like keytar (`lib/keytar.js`, `checkRequired`) an empty password is
 * refused at once, before the OS is asked, so that refusal is an answer and never waits. What it does
 * accept waits in a queue; `unlock` then applies the calls in order to a real in-memory entry
 * (tests/support/memory-secret-store.ts, held to the real keychain's contract by
 * tests/unit/secret-store-contract.test.ts), as the keyring would once unlocked.
 */
export function createSilentSecretStore(): SilentSecretStore {
  const entry: MemorySecretStore = createMemorySecretStore();
  const queue: Array<{ call: 'get' | 'set' | 'delete'; run: () => Promise<void> }> = [];
  let unlocked = false;

  function wait<T>(call: 'get' | 'set' | 'delete', apply: () => Promise<T>): Promise<T> {
    if (unlocked) return apply();
    return new Promise<T>((resolve, reject) => {
      queue.push({ call, run: () => apply().then(resolve, reject) });
    });
  }

  return {
    get: () => wait('get', () => entry.get()),
    async set(secret) {
      if (!secret) throw new Error('Password is required.');
      return wait('set', () => entry.set(secret));
    },
    delete: () => wait('delete', () => entry.delete()),
    get waiting() {
      return queue.map(({ call }) => ({ call }));
    },
    async unlock() {
      unlocked = true;
      while (queue.length > 0) await queue.shift()?.run();
    },
    peek: () => entry.peek(),
  };
}
