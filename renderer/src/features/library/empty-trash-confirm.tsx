import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { imageCount } from './format';

interface Props {
  count: number;
  onConfirm: () => void;
  onKeep: () => void;
}

/**
 * Asks before deleting for good. Focus starts on "Keep" (the safe answer), Escape keeps; nothing is
 * sent to main unless "Empty trash for good" is pressed.
 */
export function EmptyTrashConfirm({ count, onConfirm, onKeep }: Props) {
  const titleId = useId();
  const textId = useId();
  const keepRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    keepRef.current?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    onKeep();
  };

  return (
    <div role="alertdialog" aria-labelledby={titleId} aria-describedby={textId} className="library-confirm" onKeyDown={onKeyDown}>
      <p id={titleId} className="alert-title">
        Empty the trash?
      </p>
      <p id={textId}>
        This deletes {imageCount(count)} and {count === 1 ? 'its file' : 'their files'} for good. It cannot be undone.
      </p>
      <div className="button-row">
        <button type="button" className="button button-danger" onClick={onConfirm}>
          Empty trash for good
        </button>
        <button ref={keepRef} type="button" className="button" onClick={onKeep}>
          Keep
        </button>
      </div>
    </div>
  );
}
