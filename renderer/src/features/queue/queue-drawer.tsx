import { X } from 'lucide-react';
import { Dialog } from 'radix-ui';
import { Queue } from './queue';

/** The full queue as a side sheet. It stays open while the user works in the gallery; Escape or Close shuts it. */
export function QueueDrawer() {
  return (
    <Dialog.Portal>
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
