import { describe, expect, it } from 'vitest';
import { createFakeElectron } from './support/fake-electron';

/** The fake nativeTheme follows docs/api/native-theme.md, so window.ts's choice of background is tested against Electron's rules. */
describe('fake nativeTheme', () => {
  it('starts at system, and shouldUseDarkColors follows themeSource: dark, light, or the OS for system', () => {
    const electron = createFakeElectron();
    const { nativeTheme } = electron.module;
    expect(nativeTheme.themeSource).toBe('system');
    expect(nativeTheme.shouldUseDarkColors).toBe(false);
    electron.setSystemDark(true);
    expect(nativeTheme.shouldUseDarkColors).toBe(true);
    nativeTheme.themeSource = 'light';
    expect(nativeTheme.shouldUseDarkColors).toBe(false);
    electron.setSystemDark(false);
    nativeTheme.themeSource = 'dark';
    expect(nativeTheme.shouldUseDarkColors).toBe(true);
  });

  it('refuses writes to the readonly shouldUseDarkColors and theme sources Electron does not know', () => {
    const { nativeTheme } = createFakeElectron().module;
    // A getter without a setter: assigning it throws in strict code (ES modules are strict).
    expect(() => {
      (nativeTheme as { shouldUseDarkColors: boolean }).shouldUseDarkColors = true;
    }).toThrow(TypeError);
    expect(() => {
      nativeTheme.themeSource = 'sepia';
    }).toThrow(TypeError);
  });
});
