// Runs in a child process whose environment has no D-Bus session, the situation of a Linux user
// with no Secret Service. Prints what the key vault reports, as JSON, for the parent test to check.
import { createKeytarSecretStore } from '../../../electron/main/adapters/keytar-secret-store';
import { createKeyVault } from '../../../electron/main/services/settings/key-vault';

const vault = createKeyVault(createKeytarSecretStore('Reverie-test-unreachable', 'aimlapi'));
const key = 'sk-unreachable-keychain-9876';
const before = await vault.status();
const savedToKeychain = await vault.save({ key, sessionOnly: false });
const savedForSession = await vault.save({ key, sessionOnly: true });
const current = await vault.current();
const removed = await vault.remove();
const afterRemove = await vault.current();
console.log(JSON.stringify({ before, savedToKeychain, savedForSession, currentMatches: current === key, removed, afterRemove }));
