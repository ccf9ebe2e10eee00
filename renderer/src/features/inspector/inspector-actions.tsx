import { ClipboardCopy, Expand, FileOutput, ImageDown, RotateCcw, SlidersHorizontal, Star, Trash2, Type } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { LibraryItem } from '../../../../electron/shared/domain';
import type { AppError } from '../../../../electron/shared/errors';
import { ErrorAlert } from '../../components/error-alert';
import { chooseAspectRatio, loadPrompt } from '../../stores/composer-store';
import { openExport } from '../../stores/export-store';
import { openViewer } from '../../stores/viewer-store';
import { focusPrompt } from '../composer/prompt-focus';
import { restoreSelected, setItemFavorite, trashSelected } from '../library/organize';
import { copyItem, type CopyWhat } from '../share/copy';
import { hasImage } from '../viewer/viewer-format';

const COPIED_FOR_MS = 2000;

interface ActionProps {
  icon: ReactNode;
  children: ReactNode;
  /** aria-disabled rather than disabled: focus stays on a button that stops applying. */
  disabled?: boolean;
  pressed?: boolean;
  danger?: boolean;
  onClick: () => void;
}

function Action({ icon, children, disabled = false, pressed, danger = false, onClick }: ActionProps) {
  return (
    <button
      type="button"
      className={`button button-small inspector-action${danger ? ' button-danger' : ''}`}
      aria-disabled={disabled}
      aria-pressed={pressed}
      onClick={() => (disabled ? undefined : onClick())}
    >
      <span className="inspector-action-icon" aria-hidden="true">
        {icon}
      </span>
      {children}
    </button>
  );
}

/** Copies through main (as the viewer and the grid do), and says what happened for a moment. */
function useCopy(id: string) {
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const timer = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );
  const copy = async (what: CopyWhat) => {
    setMessage(null);
    setError(null);
    const result = await copyItem(id, what);
    if (!result.ok) return setError(result.error);
    setMessage(result.message);
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setMessage(null), COPIED_FOR_MS);
  };
  return { copy, message, error };
}

/** Every action on the one image shown: star, copy, export, reuse its prompt or settings, trash or restore. */
export function InspectorActions({ item }: { item: LibraryItem }) {
  const { copy, message, error } = useCopy(item.id);
  const hasPrompt = item.prompt.trim() !== '';
  const imageShown = hasImage(item);
  const trashed = item.trashedAt !== null;
  const target = { ids: [item.id] };

  // The same path as the prompt history's "Use": the composer gets the text, nothing is sent.
  const reusePrompt = (withSettings: boolean) => {
    loadPrompt(item.prompt);
    if (withSettings) chooseAspectRatio(item.aspectRatio);
    focusPrompt();
  };

  return (
    <div className="inspector-group">
      <div className="inspector-actions" role="group" aria-label="Image actions">
        <Action icon={<Star />} pressed={item.favorite} onClick={() => void setItemFavorite(item, !item.favorite)}>
          Favorite
        </Action>
        <Action icon={<Expand />} onClick={() => openViewer(item.id)}>
          Open
        </Action>
        <Action icon={<ImageDown />} disabled={!imageShown} onClick={() => void copy('image')}>
          Copy image
        </Action>
        <Action icon={<ClipboardCopy />} disabled={!hasPrompt} onClick={() => void copy('prompt')}>
          Copy prompt
        </Action>
        <Action icon={<FileOutput />} onClick={() => openExport(target, 1)}>
          Export…
        </Action>
        <Action icon={<Type />} disabled={!hasPrompt} onClick={() => reusePrompt(false)}>
          Use prompt
        </Action>
        <Action icon={<SlidersHorizontal />} disabled={!hasPrompt} onClick={() => reusePrompt(true)}>
          Use settings
        </Action>
        {trashed ? (
          <Action icon={<RotateCcw />} onClick={() => void restoreSelected(target)}>
            Restore
          </Action>
        ) : (
          <Action icon={<Trash2 />} danger onClick={() => void trashSelected(target)}>
            Move to trash
          </Action>
        )}
      </div>
      <p role="status" className="inspector-status">
        {message}
      </p>
      {error ? <ErrorAlert error={error} title="Nothing was copied" /> : null}
    </div>
  );
}
