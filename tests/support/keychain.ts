import { randomUUID } from 'node:crypto';

/**
 * A keychain service name that belongs to one test only: tests never read or write the user's
 * real `Reverie` entry, and parallel tests never see each other's keys.
 */
export const testKeychainService = () => `Reverie-test-${randomUUID()}`;
