import { useId } from 'react';
import { ASPECT_RATIO_PIXELS, ASPECT_RATIOS } from '../../../../electron/shared/constants';
import { chooseAspectRatio, useAspectRatio } from '../../stores/composer-store';

/**
 * Native radios sharing one name, so arrow keys move between them without extra code. Each radio
 * lies transparent over its chip, so pointer and keyboard both land on the real control.
 */
export function AspectRatioPicker() {
  const selected = useAspectRatio();
  const legendId = useId();
  const groupName = useId();
  const size = ASPECT_RATIO_PIXELS[selected];

  return (
    <fieldset className="field aspect-picker" role="radiogroup" aria-labelledby={legendId}>
      <legend id={legendId} className="field-label">
        Aspect ratio
      </legend>
      <div className="aspect-options">
        {ASPECT_RATIOS.map((ratio) => (
          <label key={ratio} className="aspect-option">
            <input
              type="radio"
              className="aspect-input"
              name={groupName}
              value={ratio}
              checked={ratio === selected}
              onChange={() => chooseAspectRatio(ratio)}
            />
            <span className="aspect-chip">
              <span className="aspect-shape" data-ratio={ratio} aria-hidden="true" />
              {ratio}
            </span>
          </label>
        ))}
      </div>
      <p className="field-note">
        Output {size.width} × {size.height} px
      </p>
    </fieldset>
  );
}
