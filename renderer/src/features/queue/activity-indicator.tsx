import './queue.css';
import { ListChecks, Loader } from 'lucide-react';
import { Dialog } from 'radix-ui';
import { useShallow } from 'zustand/react/shallow';
import { useQueueStore } from '../../stores/queue-store';
import { activityOf, activityText } from './activity';
import { QueueDrawer } from './queue-drawer';
import { setQueueDrawerOpen, useQueueDrawerStore } from './queue-drawer-store';

/**
 * The header's window on the queue: "3 running · $0.19" while work is out (the batches' cost so
 * far), quiet when idle. It opens the full queue in a drawer at the side.
 */
export function ActivityIndicator() {
  const open = useQueueDrawerStore((state) => state.open);
  const activity = useQueueStore(useShallow((state) => activityOf(state.jobs, state.batches, state.paused)));
  const text = activityText(activity);
  const busy = activity.running + activity.waiting > 0;
  const tone = busy ? (activity.paused ? 'paused' : 'busy') : activity.failed > 0 ? 'failed' : 'idle';

  return (
    // Not modal: the gallery stays usable while the queue is watched, as in a docked panel.
    <Dialog.Root open={open} onOpenChange={setQueueDrawerOpen} modal={false}>
      <Dialog.Trigger asChild>
        <button type="button" className="button-bare activity-indicator" data-tone={tone}>
          {activity.running > 0 ? <Loader className="activity-spinner" aria-hidden="true" /> : <ListChecks aria-hidden="true" />}
          <span className="activity-label">Queue</span>
          {text ? (
            <>
              {' '}
              <span className="activity-text">{text}</span>
            </>
          ) : null}
        </button>
      </Dialog.Trigger>
      <QueueDrawer />
    </Dialog.Root>
  );
}
