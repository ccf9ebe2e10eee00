import '../notices/notices.css';
import { useOffline } from '../../stores/network-store';

/** The banner's sentence also describes the Generate button while offline (see generate-bar.tsx). */
export const OFFLINE_NOTE_ID = 'offline-note';

export const OFFLINE_TEXT = 'Offline — your library works as usual; new images will wait in the queue until the API can be reached.';

/**
 * Shown app-wide, under the header, while the API cannot be reached. Generate still queues: jobs wait rather
 * than fail. The live region stays mounted so its text is announced when it appears.
 */
export function OfflineBanner() {
  const offline = useOffline();
  return (
    <div role="status" className="offline-banner-slot">
      {offline ? (
        <p id={OFFLINE_NOTE_ID} className="notice offline-banner">
          {OFFLINE_TEXT}
        </p>
      ) : null}
    </div>
  );
}
