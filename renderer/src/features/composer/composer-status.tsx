import { useEffect } from 'react';
import { clearQueuedNote, useComposerStore } from '../../stores/composer-store';

/** How long "Queued 8 images." stays on screen: long enough to read, then the queue itself says the rest. */
export const QUEUED_NOTE_MS = 6000;

/**
 * Always mounted, so screen readers already know the live region when text appears in it. The
 * confirmation is transient: it clears itself after QUEUED_NOTE_MS (removal is not announced), and
 * the next click replaces it at once.
 */
export function ComposerStatus() {
  const sending = useComposerStore((state) => state.sending);
  const lastQueued = useComposerStore((state) => state.lastQueued);

  useEffect(() => {
    if (lastQueued === null) return;
    const timer = window.setTimeout(clearQueuedNote, QUEUED_NOTE_MS);
    return () => window.clearTimeout(timer);
  }, [lastQueued]);

  return (
    <p role="status" className="composer-status">
      {sending
        ? 'Adding to the queue…'
        : lastQueued !== null
          ? `Queued ${lastQueued === 1 ? '1 image' : `${lastQueued} images`}. Follow it in the queue.`
          : null}
    </p>
  );
}
