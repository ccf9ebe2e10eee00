import { nativeTheme } from 'electron';
import type { Appearance } from '../services/studio/types';

/**
 * Electron's nativeTheme.themeSource ('system' | 'light' | 'dark') sets what `prefers-color-scheme`
 * answers in every window (electron docs, api/native-theme.md), so the renderer's tokens follow the
 * chosen theme from the very first paint, before the page has loaded its settings.
 */
export function createElectronAppearance(): Appearance {
  return {
    apply(theme) {
      nativeTheme.themeSource = theme;
    },
  };
}
