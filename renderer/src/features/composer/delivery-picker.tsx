import { useId } from 'react';
import { DELIVERIES, type Delivery } from '../../../../electron/shared/constants';
import { setDelivery, useComposerStore } from '../../stores/composer-store';

const LABELS: Record<Delivery, string> = {
  url: 'Download link',
  base64: 'Inline (base64)',
};

/** For the Advanced button's badge when delivery is not the default. */
export const DELIVERY_SHORT_LABELS: Record<Delivery, string> = { url: 'Link', base64: 'Inline' };

export function DeliveryPicker() {
  const delivery = useComposerStore((state) => state.delivery);
  const legendId = useId();
  const noteId = useId();
  const name = useId();

  return (
    <fieldset className="field" role="radiogroup" aria-labelledby={legendId} aria-describedby={noteId}>
      <legend id={legendId} className="field-label">
        Delivery
      </legend>
      <div className="segmented">
        {DELIVERIES.map((value) => (
          <label key={value} className="segment">
            <input type="radio" className="segment-input" name={name} value={value} checked={delivery === value} onChange={() => setDelivery(value)} />
            <span className="segment-label">{LABELS[value]}</span>
          </label>
        ))}
      </div>
      <p id={noteId} className="field-note">
        {delivery === 'url'
          ? 'The API answers with a link; Reverie downloads the image from it.'
          : 'The image comes back inside the answer itself: no second download.'}
      </p>
    </fieldset>
  );
}
