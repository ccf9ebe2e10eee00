import { useId } from 'react';
import { OUTPUT_FORMATS, type OutputFormat } from '../../../../electron/shared/constants';
import { setOutputFormat, useComposerStore } from '../../stores/composer-store';

const LABELS: Record<OutputFormat, string> = { png: 'PNG', jpeg: 'JPEG', webp: 'WebP' };

function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

/** `output_format` is accepted by the API but its effect is not documented, hence tucked away. */
export function AdvancedOptions() {
  const outputFormat = useComposerStore((state) => state.outputFormat);
  const selectId = useId();
  const noteId = useId();

  return (
    <details className="advanced">
      {/* A chosen format shows on the closed summary too, so a non-default setting is never hidden. */}
      <summary className="advanced-summary">
        Advanced
        {outputFormat !== null ? (
          <span className="advanced-badge" aria-hidden="true">
            {' '}
            · {LABELS[outputFormat]}
          </span>
        ) : null}
      </summary>
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
    </details>
  );
}
