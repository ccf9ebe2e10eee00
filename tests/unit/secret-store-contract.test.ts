import { afterEach, describe, expect, it, type TestContext } from 'vitest';
import { createKeytarSecretStore } from '../../electron/main/adapters/keytar-secret-store';
import type { SecretStore } from '../../electron/main/services/ports';
import { createKeyVault } from '../../electron/main/services/settings/key-vault';
import { realKeychain, testKeychainService } from '../support/keychain';
import { createMemorySecretStore } from '../support/memory-secret-store';
import { createSilentSecretStore } from '../support/silent-secret-store';

/**
 * The keychain contract: what the key vault relies on from a SecretStore. It runs against the
 * in-memory store every other studio test uses, and against the real OS keychain through keytar
 * where one may be used (tests/support/keychain.ts), so the stand-in cannot drift from the real thing.
 */
const ACCOUNT = 'aimlapi';
const keychain = realKeychain();
if (!keychain.ok) console.log(`[secret-store-contract] real keychain skipped: ${keychain.reason}`);

const opened: SecretStore[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.delete().catch(() => undefined);
});

interface Subject {
  name: string;
  /** A fresh, empty entry of its own. */
  open(ctx: TestContext): SecretStore;
}

/** An entry in the OS keychain under a throwaway service name, deleted after the test. */
function openKeychainEntry(ctx: TestContext, service = testKeychainService()): SecretStore {
  if (!keychain.ok) ctx.skip(keychain.reason);
  const store = createKeytarSecretStore(service, ACCOUNT);
  opened.push(store);
  return store;
}

const subjects: Subject[] = [
  { name: 'the in-memory store', open: () => createMemorySecretStore() },
  {
    // The keychain that does not answer (key-vault-silent-keychain.test.ts), once its keyring is unlocked.
    name: 'the silent store, unlocked',
    open: () => {
      const store = createSilentSecretStore();
      void store.unlock();
      return store;
    },
  },
  { name: `the OS keychain through keytar (${keychain.ok ? keychain.where : 'not used here'})`, open: (ctx) => openKeychainEntry(ctx) },
];

describe.each(subjects)('$name', (subject) => {
  it('reads an entry that was never written as null', async (ctx) => {
    expect(await subject.open(ctx).get()).toBeNull();
  });

  it('gives back what was set, and a second set replaces it', async (ctx) => {
    const store = subject.open(ctx);
    await store.set('sk-first-secret-1111');
    expect(await store.get()).toBe('sk-first-secret-1111');
    await store.set('sk-second-secret-2222');
    expect(await store.get()).toBe('sk-second-secret-2222');
  });

  it('deletes the entry, and deleting an absent entry is not an error', async (ctx) => {
    const store = subject.open(ctx);
    await store.set('sk-to-be-deleted-3333');
    await store.delete();
    expect(await store.get()).toBeNull();
    await expect(store.delete()).resolves.toBeUndefined();
  });

  it('refuses an empty secret and keeps what it held', async (ctx) => {
    const store = subject.open(ctx);
    await store.set('sk-kept-secret-4444');
    await expect(store.set('')).rejects.toThrow('Password is required.');
    expect(await store.get()).toBe('sk-kept-secret-4444');
  });

  it('keeps entries of different services apart', async (ctx) => {
    const first = subject.open(ctx);
    const second = subject.open(ctx);
    await first.set('sk-first-service-5555');
    expect(await second.get()).toBeNull();
  });

  it('holds the key the vault saves, and the vault reports only its last four characters', async (ctx) => {
    const store = subject.open(ctx);
    const vault = createKeyVault(store);
    const saved = await vault.save({ key: 'sk-live-abcdef123456wxyz', sessionOnly: false });
    expect(saved).toEqual({
      ok: true,
      value: { stored: true, last4: 'wxyz', storage: 'keychain', keychainAvailable: true, keychainMessage: null },
    });
    expect(JSON.stringify(saved)).not.toContain('abcdef123456');
    expect(await store.get()).toBe('sk-live-abcdef123456wxyz');
    expect(await vault.remove()).toMatchObject({ ok: true, value: { stored: false } });
    expect(await store.get()).toBeNull();
  });
});

// An in-memory entry lives as long as its object, so the studio tests hand the same one to a
// restarted studio; the keychain keeps it by name, which only the real one can show.
describe('the OS keychain across a restart', () => {
  it('finds the key an earlier store saved under the same name', async (ctx) => {
    const service = testKeychainService();
    await openKeychainEntry(ctx, service).set('sk-persisted-key-0042');
    const reopened = createKeyVault(openKeychainEntry(ctx, service));
    expect(await reopened.status()).toMatchObject({ stored: true, last4: '0042', storage: 'keychain' });
  });
});
