import { useId } from 'react';
import { useViewerStore } from '../../stores/viewer-store';

/**
 * Copies the field's text through the page's own copy command, on the user's click. The async
 * Clipboard API is not an option: main refuses every permission (window.ts), and Electron gates
 * navigator.clipboard.writeText behind 'clipboard-sanitized-write' (docs/api/session.md). The copy
 * command needs no permission, only the click, and copies the selection, like Ctrl+C would.
 */
function copyField(field: HTMLInputElement): boolean {
  field.focus();
  field.select();
  return typeof document.execCommand === 'function' && document.execCommand('copy');
}

/**
 * An id support asks for (the client request id, the inference id): shown whole in a read-only
 * field (selectable, Ctrl+C copies the selection) with a Copy button. Says so in the viewer's status line.
 */
export function CopyableId({ name, value }: { name: string; value: string }) {
  const fieldId = useId();
  return (
    <span className="viewer-id">
      <input
        id={fieldId}
        className="viewer-id-value"
        readOnly
        value={value}
        aria-label={name}
        dir="auto"
        spellCheck={false}
        onFocus={(event) => event.currentTarget.select()}
      />
      <button
        type="button"
        className="button button-small"
        aria-label={`Copy ${name.toLowerCase()}`}
        onClick={() => {
          const field = document.getElementById(fieldId);
          const copied = field instanceof HTMLInputElement && copyField(field);
          useViewerStore.setState(
            copied
              ? { copyMessage: `Copied ${name.toLowerCase()}`, copyError: null }
              : { copyMessage: `Select the ${name.toLowerCase()} and press Ctrl+C to copy it` },
          );
        }}
      >
        Copy
      </button>
    </span>
  );
}
