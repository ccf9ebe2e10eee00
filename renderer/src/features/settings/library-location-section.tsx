import { useEffect, useId, useState } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { RetryAlert } from '../../components/retry-alert';
import { SettingsSection } from './settings-section';
import { invoke } from '../../ipc';

type MoveState =
  | { kind: 'idle' }
  | { kind: 'moving' }
  | { kind: 'moved'; path: string }
  | { kind: 'opened'; path: string; previous: string | null }
  | { kind: 'failed'; error: AppError };

/**
 * Where the library folder is, and moving it. Main shows the folder dialog and does the move, or opens
 * the library when the folder picked is one; the renderer never sends a path. A cancelled dialog is
 * not news: it says nothing.
 */
export function LibraryLocationSection() {
  const [path, setPath] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [move, setMove] = useState<MoveState>({ kind: 'idle' });
  const pathId = useId();

  const load = async () => {
    setLoadError(null);
    const reply = await invoke('library:location');
    if (reply.ok) setPath(reply.value.path);
    else setLoadError(reply.error);
  };

  useEffect(() => {
    let live = true;
    void invoke('library:location').then((reply) => {
      if (!live) return;
      if (reply.ok) setPath(reply.value.path);
      else setLoadError(reply.error);
    });
    return () => {
      live = false;
    };
  }, []);

  const onMove = async () => {
    if (move.kind === 'moving') return;
    setMove({ kind: 'moving' });
    const reply = await invoke('library:move');
    if (!reply.ok) {
      setMove(reply.error.code === 'cancelled' ? { kind: 'idle' } : { kind: 'failed', error: reply.error });
      return;
    }
    setPath(reply.value.path);
    if (reply.value.outcome === 'opened') {
      setMove({ kind: 'opened', path: reply.value.path, previous: reply.value.previousLibrary });
      return;
    }
    // The same folder back means the dialog was closed without choosing one.
    setMove(reply.value.path !== path ? { kind: 'moved', path: reply.value.path } : { kind: 'idle' });
  };

  const moving = move.kind === 'moving';

  return (
    <SettingsSection title="Library folder">
      <p className="field-note">Images, thumbnails and the library database live here.</p>
      <p id={pathId} className="address library-path">
        {path ?? (loadError ? 'Unknown' : 'Loading…')}
      </p>
      {loadError ? <RetryAlert error={loadError} onRetry={load} /> : null}
      <div className="button-row">
        <button type="button" className="button" aria-disabled={moving} aria-describedby={pathId} onClick={() => void onMove()}>
          Move library…
        </button>
      </div>
      {/* Polite, not role="status": the panel's one status line is the key's. */}
      <p className="field-note" aria-live="polite">
        {moving ? 'Moving the library…' : null}
      </p>
      {move.kind === 'moved' ? (
        <p role="alert" className="notice library-moved">
          Moved the library to {move.path}.
        </p>
      ) : null}
      {move.kind === 'opened' ? (
        <p role="alert" className="notice library-moved">
          That folder is a Reverie library, so Reverie opened it: {move.path}.
          {move.previous ? ` The library you had is still in ${move.previous}, as it was.` : null}
        </p>
      ) : null}
      {move.kind === 'failed' ? <ErrorAlert error={move.error} title="The library was not moved" /> : null}
    </SettingsSection>
  );
}
