import { useSyncExternalStore } from 'react';
import { create } from 'zustand';

/** The studio's two side areas, which fold away on narrow windows. */
export type SidePanel = 'sidebar' | 'inspector';

/**
 * Below these widths a side area starts folded (issue 11: the inspector below ~1200 px, the
 * sidebar below ~1100 px), so the gallery keeps most of a small window.
 */
const FOLDS_BELOW_PX: Record<SidePanel, number> = { sidebar: 1100, inspector: 1200 };

interface LayoutState {
  /** What the user chose with the toggle buttons this session; null follows the window width. */
  sidebar: boolean | null;
  inspector: boolean | null;
}

/** UI state for this run only: main owns persisted data, and a fold is not worth keeping across restarts. */
export const useLayoutStore = create<LayoutState>()(() => ({ sidebar: null, inspector: null }));

function wideEnoughQuery(panel: SidePanel): MediaQueryList | null {
  // jsdom has no matchMedia: a test window counts as wide.
  if (typeof window.matchMedia !== 'function') return null;
  return window.matchMedia(`(min-width: ${FOLDS_BELOW_PX[panel]}px)`);
}

function useWideEnough(panel: SidePanel): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = wideEnoughQuery(panel);
      query?.addEventListener('change', onChange);
      return () => query?.removeEventListener('change', onChange);
    },
    () => wideEnoughQuery(panel)?.matches ?? true,
  );
}

/** Whether a side area is shown now: the user's choice this session, else open when the window is wide enough. */
export function usePanelOpen(panel: SidePanel): boolean {
  const chosen = useLayoutStore((state) => state[panel]);
  const wide = useWideEnough(panel);
  return chosen ?? wide;
}

export function setPanelOpen(panel: SidePanel, open: boolean): void {
  useLayoutStore.setState({ [panel]: open });
}
