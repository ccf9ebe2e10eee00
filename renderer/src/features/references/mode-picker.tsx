import { useId } from 'react';
import { MAX_REMIX_REFERENCES } from '../../../../electron/shared/constants';
import { chooseMode, modeFits, useComposeMode, useReferencesStore, type ComposeMode } from './references-store';

const MODES: ReadonlyArray<{ mode: ComposeMode; label: string }> = [
  { mode: 'create', label: 'Create' },
  { mode: 'edit', label: 'Edit' },
  { mode: 'remix', label: 'Remix' },
];

/** Why a mode cannot be picked with this many references; null when it can. */
function whyNot(mode: ComposeMode, count: number): string | null {
  if (modeFits(mode, count)) return null;
  if (mode === 'edit') return count === 0 ? 'Edit needs one reference image.' : 'Edit takes exactly one reference; remove the others first.';
  return `Remix needs 1 to ${MAX_REMIX_REFERENCES} reference images.`;
}

/**
 * Create, Edit or Remix, following the references until the user picks. A mode that does not fit
 * is aria-disabled (still reachable by arrow keys and described, so its reason can be read out).
 * Create beside references says they are kept but not sent.
 */
export function ModePicker() {
  const mode = useComposeMode();
  const count = useReferencesStore((state) => state.items.length);
  const legendId = useId();
  const name = useId();
  const noteId = useId();

  return (
    <fieldset className="mode-picker" role="radiogroup" aria-labelledby={legendId}>
      <legend id={legendId} className="visually-hidden">
        Mode
      </legend>
      <div className="mode-options">
        {MODES.map((option) => {
          const reason = whyNot(option.mode, count);
          const reasonId = `${noteId}-${option.mode}`;
          return (
            <label key={option.mode} className="mode-option" data-unavailable={reason !== null}>
              <input
                type="radio"
                className="mode-input"
                name={name}
                value={option.mode}
                aria-label={option.label}
                checked={mode === option.mode}
                aria-disabled={reason !== null}
                aria-describedby={reason !== null ? reasonId : undefined}
                onChange={() => {
                  if (reason === null) chooseMode(option.mode);
                }}
              />
              <span className="mode-chip">{option.label}</span>
              {reason !== null ? (
                <span id={reasonId} className="visually-hidden">
                  {reason}
                </span>
              ) : null}
            </label>
          );
        })}
      </div>
      {mode === 'create' && count > 0 ? <span className="mode-note">References are kept but not sent in Create.</span> : null}
    </fieldset>
  );
}
