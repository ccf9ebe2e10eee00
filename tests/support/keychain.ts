import { randomUUID } from 'node:crypto';

/**
 * A keychain service name that belongs to one test only: tests never read or write the user's
 * real `Reverie` entry, and parallel tests never see each other's keys.
 */
export const testKeychainService = () => `Reverie-test-${randomUUID()}`;

export type RealKeychain = { ok: true; where: string } | { ok: false; reason: string };

/**
 * Whether a test may use the real OS keychain here, and why not. On Linux only inside the throwaway
 * GNOME Keyring session of scripts/with-keyring.sh (it sets REVERIE_THROWAWAY_KEYRING), so a test
 * run from a desktop never writes into the user's own keyring. On macOS and Windows the system
 * keychain is always there, and a service name of the test's own keeps the user's entries apart.
 */
export function realKeychain(): RealKeychain {
  switch (process.platform) {
    case 'darwin':
      return { ok: true, where: 'the macOS Keychain, under a throwaway service name' };
    case 'win32':
      return { ok: true, where: 'the Windows Credential Manager, under a throwaway service name' };
    case 'linux':
      return process.env.REVERIE_THROWAWAY_KEYRING === '1'
        ? { ok: true, where: 'a throwaway GNOME Keyring (scripts/with-keyring.sh)' }
        : {
            ok: false,
            reason:
              'no throwaway GNOME Keyring session: `npm test` starts one where dbus-run-session and ' +
              'gnome-keyring-daemon are installed (scripts/with-keyring.sh); your own keyring is never used',
          };
    case 'aix':
    case 'android':
    case 'cygwin':
    case 'freebsd':
    case 'haiku':
    case 'netbsd':
    case 'openbsd':
    case 'sunos':
    default:
      return { ok: false, reason: `keytar has no keychain on ${process.platform}` };
  }
}
