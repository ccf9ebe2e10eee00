import { X } from 'lucide-react';
import { Dialog } from 'radix-ui';
import { Queue } from './queue';
import { useQueueDrawerStore } from './queue-drawer-store';

/**
 * Where the open drawer docks: the studio's grid, where it takes the inspector's column, so the
 * workspace (prompt bar, Generate, gallery) narrows instead of being covered. Without a studio on
 * the page (a test rendering the indicator alone) it floats over the body's right edge instead.
 */
function queueDock(): HTMLElement | undefined {
  return document.querySelector<HTMLElement>('.studio') ?? undefined;
}

/** The full queue as a side panel. It stays open while the user works in the gallery; Escape or Close shuts it. */
export function QueueDrawer() {
  const open = useQueueDrawerStore((state) => state.open);
  // Looked up when the drawer opens: the studio is on the page by then, rendered with the header.
  const dock = open ? queueDock() : undefined;
  return (
    <Dialog.Portal container={dock}>
      <Dialog.Content
        className="queue-drawer"
        aria-describedby={undefined}
        // Clicks in the gallery (Generate, a tile) must not close the queue being watched.
        onInteractOutside={(event) => event.preventDefault()}
      >
        <div className="queue-drawer-head">
          <Dialog.Title className="queue-drawer-title">Queue</Dialog.Title>
          <Dialog.Close className="icon-button" aria-label="Close queue" title="Close queue">
            <X aria-hidden="true" />
          </Dialog.Close>
        </div>
        <div className="queue-drawer-body">
          <Queue />
        </div>
      </Dialog.Content>
    </Dialog.Portal>
  );
}
