import { useComposerStore } from '../../stores/composer-store';

/** Always mounted, so screen readers already know the live region when text appears in it. */
export function ComposerStatus() {
  const sending = useComposerStore((state) => state.sending);
  const lastQueued = useComposerStore((state) => state.lastQueued);

  return (
    <p role="status" className="generation-status">
      {sending
        ? 'Adding to the queue…'
        : lastQueued !== null
          ? `Queued ${lastQueued === 1 ? '1 image' : `${lastQueued} images`}. Follow it in the queue.`
          : null}
    </p>
  );
}
