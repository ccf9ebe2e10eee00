import { useEffect, useState } from 'react';
import { useComposerStore } from '../../stores/composer-store';

/** Whole seconds since startedAt; a stale clock before the first tick reads as 0. */
function useElapsedSeconds(startedAt: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (startedAt === null) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [startedAt]);
  return startedAt === null ? 0 : Math.max(0, Math.floor((now - startedAt) / 1000));
}

/**
 * Always mounted, so screen readers already know the live region when text appears in it.
 * The ticking seconds are hidden from them; announcing every second would drown everything else.
 */
export function GenerationStatus() {
  const running = useComposerStore((state) => state.running);
  const startedAt = useComposerStore((state) => state.startedAt);
  const lastItemId = useComposerStore((state) => state.lastItemId);
  const elapsed = useElapsedSeconds(startedAt);

  return (
    <div role="status" className="generation-status" data-running={running}>
      {running ? (
        <>
          <span className="spinner" aria-hidden="true" />
          <span>Generating image…</span>
          <span className="elapsed" aria-hidden="true">
            {elapsed} s
          </span>
        </>
      ) : lastItemId ? (
        <span>Done: the new image is first in the library.</span>
      ) : null}
    </div>
  );
}
