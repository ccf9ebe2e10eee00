import type { SecretStore } from '../../electron/main/services/ports';

/** The in-memory keychain entry the studio tests use, plus a look at what it holds. */
export interface MemorySecretStore extends SecretStore {
  /** What the entry holds now, as a test would read it from the OS keychain. */
  peek(): string | null;
}

/**
 * One keychain entry kept in memory, so the studio and e2e suites run on any machine, keychain or
 * not. It refuses what keytar refuses (keytar 7.9 `lib/keytar.js`, `checkRequired`): an empty
 * password throws "Password is required." before the OS is asked. Like keytar it answers null for
 * an entry that was never written, and deleting an absent entry is not an error (keytar resolves
 * false; the adapter ignores it). tests/unit/secret-store-contract.test.ts runs the same contract
 * against this store and against the real keychain through keytar.
 */
export function createMemorySecretStore(): MemorySecretStore {
  let secret: string | null = null;
  return {
    async get() {
      return secret;
    },
    async set(next) {
      if (!next) throw new Error('Password is required.');
      secret = next;
    },
    async delete() {
      secret = null;
    },
    peek: () => secret,
  };
}
