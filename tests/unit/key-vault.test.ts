import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import keytar from 'keytar';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../electron/main/adapters/keytar-secret-store';
import { createKeyVault } from '../../electron/main/services/key-vault';
import { testKeychainService } from '../support/keychain';

// These run against the real Secret Service that `npm test` starts (scripts/with-keyring.sh).
const ACCOUNT = 'aimlapi';
const used: string[] = [];
const freshVault = () => {
  const service = testKeychainService();
  used.push(service);
  return { service, vault: createKeyVault(createKeytarSecretStore(service, ACCOUNT)) };
};

afterEach(async () => {
  for (const service of used.splice(0)) await keytar.deletePassword(service, ACCOUNT).catch(() => false);
});

describe('key vault with the real OS keychain', () => {
  it('stores the key in the keychain and reports only its last four characters', async () => {
    const { service, vault } = freshVault();
    expect(await vault.status()).toMatchObject({ stored: false, last4: null, keychainAvailable: true });

    const saved = await vault.save({ key: 'sk-live-abcdef123456wxyz', sessionOnly: false });

    expect(saved).toEqual({
      ok: true,
      value: { stored: true, last4: 'wxyz', storage: 'keychain', keychainAvailable: true, keychainMessage: null },
    });
    expect(JSON.stringify(saved)).not.toContain('abcdef123456');
    expect(await keytar.getPassword(service, ACCOUNT)).toBe('sk-live-abcdef123456wxyz');
    expect(await vault.current()).toBe('sk-live-abcdef123456wxyz');
  });

  it('finds a key saved by an earlier run (a new vault over the same entry)', async () => {
    const { service, vault } = freshVault();
    await vault.save({ key: 'sk-persisted-key-0042', sessionOnly: false });
    const reopened = createKeyVault(createKeytarSecretStore(service, ACCOUNT));
    expect(await reopened.status()).toMatchObject({ stored: true, last4: '0042', storage: 'keychain' });
  });

  it('removes the key from the keychain', async () => {
    const { service, vault } = freshVault();
    await vault.save({ key: 'sk-to-be-removed-1111', sessionOnly: false });
    const removed = await vault.remove();
    expect(removed).toMatchObject({ ok: true, value: { stored: false, last4: null, storage: null } });
    expect(await keytar.getPassword(service, ACCOUNT)).toBeNull();
    expect(await vault.current()).toBeNull();
  });

  it('keeps a session-only key in memory and never writes it to the keychain', async () => {
    const { service, vault } = freshVault();
    const saved = await vault.save({ key: 'sk-session-only-5555', sessionOnly: true });
    expect(saved).toMatchObject({ ok: true, value: { stored: true, storage: 'session', last4: '5555' } });
    expect(await keytar.getPassword(service, ACCOUNT)).toBeNull();
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

describe('key vault when no keychain is reachable', () => {
  it('says so plainly, refuses to save to it, and offers the session-only key', async () => {
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
