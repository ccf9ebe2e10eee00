import type { SecretStore } from '../services/ports';

type Keytar = typeof import('keytar');

/**
 * keytar is loaded on first use, not at import: on a Linux without libsecret its native binding
 * fails to load, and that must surface as "keychain unreachable" (a thrown error from this store,
 * per the SecretStore contract), not as an app that cannot start.
 * No Electron import: the browser test harness uses this store under plain Node.
 */
export function createKeytarSecretStore(service: string, account: string): SecretStore {
  let loading: Promise<Keytar> | null = null;
  const keytar = (): Promise<Keytar> => {
    if (!loading) {
      // keytar is CommonJS: under ESM its exports arrive as `default`.
      const pending = import('keytar').then((module) => ('default' in module ? (module.default as Keytar) : module));
      // A failed load is retried next time: the user may install or unlock a keyring meanwhile.
      pending.catch(() => {
        if (loading === pending) loading = null;
      });
      loading = pending;
    }
    return loading;
  };

  return {
    async get() {
      return (await keytar()).getPassword(service, account);
    },
    async set(secret) {
      await (await keytar()).setPassword(service, account, secret);
    },
    async delete() {
      await (await keytar()).deletePassword(service, account);
    },
  };
}
