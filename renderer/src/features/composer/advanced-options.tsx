import { SlidersHorizontal } from 'lucide-react';
import { useId } from 'react';
import { OUTPUT_FORMATS, type OutputFormat } from '../../../../electron/shared/constants';
import { setOutputFormat, useComposerStore } from '../../stores/composer-store';
import { BarPopover } from './bar-popover';
import { DeliveryPicker, DELIVERY_SHORT_LABELS } from './delivery-picker';

const LABELS: Record<OutputFormat, string> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' };

function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

/** `output_format` is accepted by the API but its effect is not documented, hence tucked away. */
function OutputFormatField() {
  const outputFormat = useComposerStore((state) => state.outputFormat);
  const selectId = useId();
  const noteId = useId();
  return (
    <div className="field">
      <label htmlFor={selectId} className="field-label">
        Output format
      </label>
      <select
        id={selectId}
        className="select"
        value={outputFormat ?? ''}
        aria-describedby={noteId}
        onChange={(event) => setOutputFormat(isOutputFormat(event.target.value) ? event.target.value : null)}
      >
        <option value="">API default</option>
        {OUTPUT_FORMATS.map((format) => (
          <option key={format} value={format}>
            {LABELS[format]}
          </option>
        ))}
      </select>
      <p id={noteId} className="field-note">
        Sent as output_format; the API does not document its effect.
      </p>
    </div>
  );
}

/** Delivery and output format: rarely changed, so behind a button; a non-default choice shows on it. */
export function AdvancedOptions() {
  const delivery = useComposerStore((state) => state.delivery);
  const outputFormat = useComposerStore((state) => state.outputFormat);
  const badge = [delivery === 'url' ? null : DELIVERY_SHORT_LABELS[delivery], outputFormat === null ? null : LABELS[outputFormat]].filter(Boolean).join(' · ');

  return (
    <BarPopover label="Advanced" shortLabel="Advanced" icon={<SlidersHorizontal aria-hidden="true" size={16} />} badge={badge || null} generatesOnShortcut>
      {() => (
        <div className="advanced-options">
          <h2 className="popover-title">Advanced</h2>
          <DeliveryPicker />
          <OutputFormatField />
        </div>
      )}
    </BarPopover>
  );
}
