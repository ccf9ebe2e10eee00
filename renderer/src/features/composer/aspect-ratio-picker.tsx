import './aspect-ratio-picker.css';
import { useId } from 'react';
import { ASPECT_RATIO_PIXELS, ASPECT_RATIOS, type AspectRatio } from '../../../../electron/shared/constants';
import { chooseAspectRatio, toggleAspectRatio, useAspectRatios, useComposerStore } from '../../stores/composer-store';
import { useComposeMode, useReferencesStore } from '../references/references-store';

const pixels = (ratio: AspectRatio) => `${ASPECT_RATIO_PIXELS[ratio].width} × ${ASPECT_RATIO_PIXELS[ratio].height}`;

/**
 * One segmented control, two modes: radios named "Aspect ratio" (one ratio), or with fan-out,
 * checkboxes named "Aspect ratios" (every checked ratio is sent). Each control is named by its ratio
 * alone ("16:9") and described by its pixel size, which shows as a tip on hover and focus; the
 * chosen ratio's size also shows beside the control. Native inputs lie transparent over their
 * segments, so pointer and keyboard both land on the real control (arrow keys move between radios).
 */
export function AspectRatioPicker() {
  const picked = useAspectRatios();
  // An edit keeps its source's shape (the API takes no aspect_ratio for it): the picker shows that
  // ratio, disabled, and says why; the user's own choice comes back with Create or Remix.
  const editSource = useReferencesStore((state) => state.items[0] ?? null);
  const editing = useComposeMode() === 'edit' && editSource !== null;
  const selected = editing ? [editSource.aspectRatio] : picked;
  const fanOut = useComposerStore((state) => state.fanOut) && !editing;
  const lockedId = useId();
  const legendId = useId();
  const groupName = useId();
  const sizeIdPrefix = useId();
  const selectedSet = new Set<AspectRatio>(selected);
  const onlyOne = selected.length === 1;
  const first = selected[0];

  return (
    <fieldset
      className="aspect-picker"
      role={fanOut ? 'group' : 'radiogroup'}
      aria-labelledby={legendId}
      aria-describedby={editing ? lockedId : undefined}
      disabled={editing}
      aria-disabled={editing || undefined}
      data-mode={fanOut ? 'fan-out' : 'single'}
    >
      <legend id={legendId} className="visually-hidden">
        {fanOut ? 'Aspect ratios' : 'Aspect ratio'}
      </legend>
      <div className="aspect-options">
        {ASPECT_RATIOS.map((ratio) => {
          const sizeId = `${sizeIdPrefix}-${ratio}`;
          const checked = selectedSet.has(ratio);
          return (
            <label key={ratio} className="aspect-option">
              {fanOut ? (
                <input
                  type="checkbox"
                  className="aspect-input"
                  value={ratio}
                  checked={checked}
                  // The last checked ratio cannot be unchecked: a click with nothing to send makes no sense.
                  aria-disabled={checked && onlyOne}
                  onChange={(event) => toggleAspectRatio(ratio, event.target.checked)}
                  aria-label={ratio}
                  aria-describedby={sizeId}
                />
              ) : (
                <input
                  type="radio"
                  className="aspect-input"
                  name={groupName}
                  value={ratio}
                  checked={checked}
                  onChange={() => chooseAspectRatio(ratio)}
                  aria-label={ratio}
                  aria-describedby={sizeId}
                />
              )}
              <span className="aspect-chip">
                <span className="aspect-shape" data-ratio={ratio} aria-hidden="true" />
                <span className="aspect-name">{ratio}</span>
              </span>
              <span id={sizeId} className="aspect-size">
                {pixels(ratio)}
              </span>
            </label>
          );
        })}
      </div>
      {editing ? (
        // Edit: the reason the ratios cannot change, in place of the size summary (the row stays one line).
        <span id={lockedId} className="aspect-locked-note">
          Kept from the source
        </span>
      ) : (
        // A visual summary only: each control already carries its own size as its description.
        <span className="aspect-summary" aria-hidden="true">
          {fanOut ? (onlyOne ? 'Check more to fan out' : `${selected.length} ratios`) : first ? pixels(first) : null}
        </span>
      )}
    </fieldset>
  );
}
