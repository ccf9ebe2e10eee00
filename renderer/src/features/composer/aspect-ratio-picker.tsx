import './aspect-ratio-picker.css';
import { useId } from 'react';
import { ASPECT_RATIO_PIXELS, ASPECT_RATIOS, type AspectRatio } from '../../../../electron/shared/constants';
import { chooseAspectRatio, toggleAspectRatio, useAspectRatios, useComposerStore } from '../../stores/composer-store';

/**
 * One picker, two modes: radios named "Aspect ratio" (one ratio), or with fan-out, checkboxes named
 * "Aspect ratios" (every checked ratio is sent). Each control is named by its ratio alone ("16:9")
 * and described by its pixel size, which the chip also shows. Native inputs lie transparent over
 * their chips, so pointer and keyboard both land on the real control (arrow keys move between radios).
 */
export function AspectRatioPicker() {
  const selected = useAspectRatios();
  const fanOut = useComposerStore((state) => state.fanOut);
  const legendId = useId();
  const groupName = useId();
  const sizeIdPrefix = useId();
  const selectedSet = new Set<AspectRatio>(selected);
  const onlyOne = selected.length === 1;

  return (
    <fieldset className="field aspect-picker" role={fanOut ? 'group' : 'radiogroup'} aria-labelledby={legendId} data-mode={fanOut ? 'fan-out' : 'single'}>
      <legend id={legendId} className="field-label">
        {fanOut ? 'Aspect ratios' : 'Aspect ratio'}
      </legend>
      <div className="aspect-options">
        {ASPECT_RATIOS.map((ratio) => {
          const size = ASPECT_RATIO_PIXELS[ratio];
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
                <span id={sizeId} className="aspect-size">
                  {size.width} × {size.height}
                </span>
              </span>
            </label>
          );
        })}
      </div>
      {fanOut ? (
        <p className="field-note">{onlyOne ? 'Check more ratios to send the prompt in each of them.' : `Sends the prompt in ${selected.length} ratios.`}</p>
      ) : null}
    </fieldset>
  );
}
