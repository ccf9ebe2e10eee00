import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createKeyVault } from '../../electron/main/services/settings/key-vault';
import { createMemorySecretStore } from '../support/memory-secret-store';

// The vault over the in-memory keychain entry; tests/unit/secret-store-contract.test.ts holds that
// entry to the real keychain's contract.
const freshVault = () => {
  const store = createMemorySecretStore();
  return { store, vault: createKeyVault(store) };
};

describe('key vault with a keychain', () => {
  it('stores the key in the keychain and reports only its last four characters', async () => {
    const { store, vault } = freshVault();
    expect(await vault.status()).toMatchObject({ stored: false, last4: null, keychainAvailable: true });

    const saved = await vault.save({ key: 'sk-live-abcdef123456wxyz', sessionOnly: false });

    expect(saved).toEqual({
      ok: true,
      value: { stored: true, last4: 'wxyz', storage: 'keychain', keychainAvailable: true, keychainMessage: null },
    });
    expect(JSON.stringify(saved)).not.toContain('abcdef123456');
    expect(store.peek()).toBe('sk-live-abcdef123456wxyz');
    expect(await vault.current()).toBe('sk-live-abcdef123456wxyz');
  });

  it('finds a key saved by an earlier run (a new vault over the same entry)', async () => {
    const { store, vault } = freshVault();
    await vault.save({ key: 'sk-persisted-key-0042', sessionOnly: false });
    const reopened = createKeyVault(store);
    expect(await reopened.status()).toMatchObject({ stored: true, last4: '0042', storage: 'keychain' });
  });

  it('removes the key from the keychain', async () => {
    const { store, vault } = freshVault();
    await vault.save({ key: 'sk-to-be-removed-1111', sessionOnly: false });
    const removed = await vault.remove();
    expect(removed).toMatchObject({ ok: true, value: { stored: false, last4: null, storage: null } });
    expect(store.peek()).toBeNull();
    expect(await vault.current()).toBeNull();
  });

  it('keeps a session-only key in memory and never writes it to the keychain', async () => {
    const { store, vault } = freshVault();
    const saved = await vault.save({ key: 'sk-session-only-5555', sessionOnly: true });
    expect(saved).toMatchObject({ ok: true, value: { stored: true, storage: 'session', last4: '5555' } });
    expect(store.peek()).toBeNull();
    expect(await vault.current()).toBe('sk-session-only-5555');
  });

  it('prefers a key saved to the keychain over an earlier session key', async () => {
    const { vault } = freshVault();
    await vault.save({ key: 'sk-session-only-5555', sessionOnly: true });
    await vault.save({ key: 'sk-keychain-key-7777', sessionOnly: false });
    expect(await vault.current()).toBe('sk-keychain-key-7777');
    await vault.remove();
    expect(await vault.current()).toBeNull();
  });
});

// Only Linux can be without a keychain: on macOS and Windows the system keychain is always there.
const keychainlessReason =
  process.platform === 'linux' ? null : `only Linux runs without a keychain; on ${process.platform} the system keychain is always reachable`;
if (keychainlessReason) console.log(`[key-vault] keychain-less case skipped: ${keychainlessReason}`);

describe('key vault when no keychain is reachable', () => {
  it('says so plainly, refuses to save to it, and offers the session-only key', async (ctx) => {
    if (keychainlessReason) ctx.skip(keychainlessReason);
    const script = fileURLToPath(new URL('./support/key-vault-without-keychain.ts', import.meta.url));
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.DISPLAY;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { env });
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');

    expect(report.before).toMatchObject({ stored: false, keychainAvailable: false });
    expect(report.before.keychainMessage).toMatch(/No system keychain is reachable/);
    expect(report.savedToKeychain).toMatchObject({ ok: false, error: { code: 'keychain-unavailable' } });
    expect(report.savedForSession).toMatchObject({ ok: true, value: { stored: true, storage: 'session', last4: '9876', keychainAvailable: false } });
    expect(report.currentMatches).toBe(true);
    expect(report.removed).toMatchObject({ ok: true, value: { stored: false } });
    expect(report.afterRemove).toBeNull();
    expect(stdout.replace(/"last4":"9876"/, '')).not.toContain('9876');
  });
});
