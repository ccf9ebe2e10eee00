import { describe, expect, it } from 'vitest';
import { createFakeElectron } from './support/fake-electron';

/**
 * The fake protocol module refuses what Electron's RegisterSchemesAsPrivileged refuses
 * (shell/browser/api/electron_api_protocol.cc): V8's code cache for a scheme that is not standard.
 * So main-process.test.ts, which registers the app's schemes through it, would fail on a
 * registration that throws before `ready` in the real app.
 */
describe('fake protocol.registerSchemesAsPrivileged', () => {
  it('refuses a code cache for a scheme that is not standard, and registers nothing of that call', () => {
    const electron = createFakeElectron();
    expect(() =>
      electron.module.protocol.registerSchemesAsPrivileged([
        { scheme: 'ok', privileges: { standard: true } },
        { scheme: 'loose', privileges: { codeCache: true } },
      ]),
    ).toThrow(/Code cache can only be enabled when the custom scheme is registered as standard scheme/);
    expect(electron.schemes).toEqual([]);
    expect(electron.log).not.toContain('protocol.registerSchemesAsPrivileged');
  });

  it('accepts a code cache for a standard scheme', () => {
    const electron = createFakeElectron();
    electron.module.protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, codeCache: true } }]);
    expect(electron.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, codeCache: true } }]);
  });
});
