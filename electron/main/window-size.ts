/**
 * The main window's size, in one place: window.ts opens the Electron window with it, and the
 * browser preview (scripts/preview) sizes its app window the same. No Electron import, so the
 * preview can load it under plain Node.
 */
export const MAIN_WINDOW_SIZE = {
  width: 1280,
  height: 840,
  minWidth: 880,
  minHeight: 600,
} as const;
