import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KEYCHAIN_TIMEOUT_MS } from '../../electron/main/services/settings/keychain-calls';
import { createKeyVault } from '../../electron/main/services/settings/key-vault';
import { createSilentSecretStore } from '../support/silent-secret-store';

/**
 * "Save key" on a Linux machine whose keyring asks for its password where nobody sees it: the
 * keychain call never answers (tests/support/silent-secret-store.ts). The vault gives it 15 s, says
 * what happened, offers the session, and keeps what it said true if the keychain answers later.
 * The clock is the test's (fake timers); only setTimeout is faked, so `settle` can still let every
 * pending promise run on a real setImmediate.
 */
const KEY = 'sk-live-abcdef123456wxyz';
const OTHER_KEY = 'sk-live-other-key-7777';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Lets every promise that can settle now settle (no clock moves). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The promise's value if it has settled by now, else 'pending'. */
async function now<T>(promise: Promise<T>): Promise<T | 'pending'> {
  let result: { value: T } | null = null;
  void promise.then((value) => {
    result = { value };
  });
  await settle();
  return result === null ? 'pending' : (result as { value: T }).value;
}

function silentVault() {
  const store = createSilentSecretStore();
  return { store, vault: createKeyVault(store) };
}

describe('key vault over a keychain that does not answer', () => {
  it('gives up on a save after 15 seconds and says why, offering the session', async () => {
    const { store, vault } = silentVault();
    const saving = vault.save({ key: KEY, sessionOnly: false });
    await vi.advanceTimersByTimeAsync(KEYCHAIN_TIMEOUT_MS - 1);
    expect(await now(saving)).toBe('pending');

    await vi.advanceTimersByTimeAsync(1);
    const saved = await now(saving);
    expect(saved).toMatchObject({ ok: false, error: { code: 'keychain-unavailable' } });
    const message = saved !== 'pending' && !saved.ok ? saved.error.message : '';
    expect(message).toMatch(/^The system keychain did not answer within 15 seconds, so the key was not saved\./);
    expect(message).toMatch(/for this session only/);
    expect(JSON.stringify(saved)).not.toContain('abcdef123456');
    expect(store.peek()).toBeNull();
  });

  it('while that call has no answer, answers at once and asks the keychain nothing more', async () => {
    const { store, vault } = silentVault();
    const saving = vault.save({ key: KEY, sessionOnly: false });
    await vi.advanceTimersByTimeAsync(KEYCHAIN_TIMEOUT_MS);
    await saving;
    expect(store.waiting).toEqual([{ call: 'set' }]);

    // No clock moves: each of these answers without waiting another 15 s.
    expect(await now(vault.status())).toMatchObject({ stored: false, keychainAvailable: false, keychainMessage: expect.stringMatching(/did not answer/) });
    expect(await now(vault.current())).toBeNull();
    expect(await now(vault.save({ key: OTHER_KEY, sessionOnly: false }))).toMatchObject({ ok: false, error: { code: 'keychain-unavailable' } });
    expect(store.waiting).toEqual([{ call: 'set' }]);
  });

  it('keeps the key for this session only, and uses it, without the keychain', async () => {
    const { store, vault } = silentVault();
    const saving = vault.save({ key: KEY, sessionOnly: false });
    await vi.advanceTimersByTimeAsync(KEYCHAIN_TIMEOUT_MS);
    await saving;

    const session = await now(vault.save({ key: KEY, sessionOnly: true }));
    expect(session).toMatchObject({ ok: true, value: { stored: true, last4: 'wxyz', storage: 'session', keychainAvailable: false } });
    expect(await now(vault.current())).toBe(KEY);
    expect(store.peek()).toBeNull();
  });

  it('takes back a timed-out write that lands later: the user was told the key was not saved', async () => {
    const { store, vault } = silentVault();
    const saving = vault.save({ key: KEY, sessionOnly: false });
    await vi.advanceTimersByTimeAsync(KEYCHAIN_TIMEOUT_MS);
    await saving;
    await vault.save({ key: KEY, sessionOnly: true });

    // The keyring is unlocked at last: the write lands, then is taken back.
    await store.unlock();
    await settle();
    expect(store.peek()).toBeNull();
    expect(await vault.status()).toEqual({ stored: true, last4: 'wxyz', storage: 'session', keychainAvailable: true, keychainMessage: null });
    expect(await vault.current()).toBe(KEY);

    // The keychain answers now, so a save goes there and replaces the session key.
    expect(await vault.save({ key: OTHER_KEY, sessionOnly: false })).toMatchObject({ ok: true, value: { storage: 'keychain', last4: '7777' } });
    expect(store.peek()).toBe(OTHER_KEY);
    expect(await vault.current()).toBe(OTHER_KEY);
  });

  it('a session key chosen later wins over a late write of another key', async () => {
    const { store, vault } = silentVault();
    const saving = vault.save({ key: KEY, sessionOnly: false });
    await vi.advanceTimersByTimeAsync(KEYCHAIN_TIMEOUT_MS);
    await saving;
    await vault.save({ key: OTHER_KEY, sessionOnly: true });

    await store.unlock();
    await settle();
    expect(store.peek()).toBeNull();
    expect(await vault.current()).toBe(OTHER_KEY);
    expect(await vault.status()).toMatchObject({ storage: 'session', last4: '7777' });
  });

  it('a keychain that answers within the time saves as usual', async () => {
    const { store, vault } = silentVault();
    const saving = vault.save({ key: KEY, sessionOnly: false });
    await vi.advanceTimersByTimeAsync(KEYCHAIN_TIMEOUT_MS - 1000);
    await store.unlock();
    expect(await saving).toEqual({ ok: true, value: { stored: true, last4: 'wxyz', storage: 'keychain', keychainAvailable: true, keychainMessage: null } });
    await vi.advanceTimersByTimeAsync(KEYCHAIN_TIMEOUT_MS);
    expect(store.peek()).toBe(KEY);
  });
});

describe('the silent keychain is faithful in what it refuses', () => {
  it('refuses an empty password at once, as keytar does before asking the OS', async () => {
    const store = createSilentSecretStore();
    await expect(store.set('')).rejects.toThrow('Password is required.');
    expect(store.waiting).toEqual([]);
  });
});
