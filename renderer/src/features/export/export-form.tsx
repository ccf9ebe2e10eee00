import { useId, useRef, useState, type FormEvent } from 'react';
import { EXPORT_FORMATS, NAMING_TOKENS, type ExportFormat } from '../../../../electron/shared/constants';
import type { ExportOptions } from '../../../../electron/shared/domain';

const FORMAT_LABELS: Record<ExportFormat, string> = { original: 'Original', png: 'PNG', jpeg: 'JPEG', webp: 'WebP', avif: 'AVIF' };
const LOSSY: readonly ExportFormat[] = ['jpeg', 'webp', 'avif'];
const SIZE_PRESETS = [2048, 1024, 512] as const;
type SizeChoice = 'original' | (typeof SIZE_PRESETS)[number] | 'custom';
const CONFLICTS: Array<{ value: ExportOptions['onConflict']; label: string }> = [
  { value: 'skip', label: 'Skip' },
  { value: 'rename', label: 'Keep both (rename)' },
  { value: 'overwrite', label: 'Replace' },
];
const MIN_EDGE = 16;
const MAX_EDGE = 16_384;

function sizeChoiceOf(longestEdge: number | null): SizeChoice {
  if (longestEdge === null) return 'original';
  return (SIZE_PRESETS as readonly number[]).includes(longestEdge) ? (longestEdge as SizeChoice) : 'custom';
}

const clampInt = (value: number, min: number, max: number, fallback: number) =>
  Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;

interface ExportFormProps {
  initial: ExportOptions;
  count: number;
  busy: boolean;
  onSubmit: (options: ExportOptions) => void;
  onClose: () => void;
}

/** The options; "Replace" existing files is confirmed inside the dialog before anything is sent. */
export function ExportForm({ initial, count, busy, onSubmit, onClose }: ExportFormProps) {
  const [format, setFormat] = useState<ExportFormat>(initial.format);
  const [quality, setQuality] = useState(String(initial.quality));
  const [size, setSize] = useState<SizeChoice>(sizeChoiceOf(initial.longestEdge));
  const [customEdge, setCustomEdge] = useState(String(initial.longestEdge ?? 1600));
  const [template, setTemplate] = useState(initial.namingTemplate);
  const [metadata, setMetadata] = useState(initial.metadata);
  const [sidecars, setSidecars] = useState(initial.sidecars);
  const [manifest, setManifest] = useState(initial.manifest);
  const [zip, setZip] = useState(initial.zip);
  const [onConflict, setOnConflict] = useState(initial.onConflict);
  const [confirming, setConfirming] = useState(false);
  const templateRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const options = (conflict: ExportOptions['onConflict']): ExportOptions => ({
    format,
    quality: clampInt(Number(quality), 1, 100, initial.quality),
    longestEdge: size === 'original' ? null : size === 'custom' ? clampInt(Number(customEdge), MIN_EDGE, MAX_EDGE, 1600) : size,
    namingTemplate: template.trim() === '' ? initial.namingTemplate : template.trim(),
    metadata,
    sidecars,
    manifest,
    zip,
    onConflict: conflict,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (onConflict === 'overwrite') setConfirming(true);
    else onSubmit(options(onConflict));
  };

  /** Puts the token where the cursor is in the template (at the end when it has no focus yet). */
  const insertToken = (token: string) => {
    const input = templateRef.current;
    const text = `{${token}}`;
    const start = input?.selectionStart ?? template.length;
    const end = input?.selectionEnd ?? template.length;
    const next = template.slice(0, start) + text + template.slice(end);
    setTemplate(next);
    requestAnimationFrame(() => {
      input?.focus();
      input?.setSelectionRange(start + text.length, start + text.length);
    });
  };

  if (confirming) {
    return (
      <div role="alertdialog" aria-labelledby={`${id}-confirm`} className="notice export-confirm">
        <p id={`${id}-confirm`}>Replace existing files with the same name?</p>
        <p className="field-note">Files in the folder you choose that have the same names are overwritten. This cannot be undone.</p>
        <div className="button-row">
          <button
            type="button"
            className="button button-danger"
            autoFocus
            onClick={() => {
              setConfirming(false);
              onSubmit(options('overwrite'));
            }}
          >
            Replace
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setOnConflict('rename');
              setConfirming(false);
              onSubmit(options('rename'));
            }}
          >
            Keep both
          </button>
        </div>
      </div>
    );
  }

  const lossy = LOSSY.includes(format);

  return (
    <form className="export-form" onSubmit={submit}>
      <p className="field-note">{count === 1 ? '1 image' : `${count.toLocaleString('en-US')} images`}</p>
      <label className="field" htmlFor={`${id}-format`}>
        <span className="field-label">Format</span>
        <select id={`${id}-format`} className="select" value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)}>
          {EXPORT_FORMATS.map((value) => (
            <option key={value} value={value}>
              {FORMAT_LABELS[value]}
            </option>
          ))}
        </select>
      </label>
      {lossy ? (
        <label className="field" htmlFor={`${id}-quality`}>
          <span className="field-label">Quality</span>
          <input
            id={`${id}-quality`}
            className="text-input export-number"
            type="number"
            min={1}
            max={100}
            step={1}
            required
            value={quality}
            onChange={(event) => setQuality(event.target.value)}
          />
        </label>
      ) : null}

      <fieldset className="export-group" aria-describedby={`${id}-size-note`}>
        <legend className="field-label">Size</legend>
        <div className="export-choices">
          <label className="check-option">
            <input type="radio" name={`${id}-size`} checked={size === 'original'} onChange={() => setSize('original')} />
            <span>Original</span>
          </label>
          {SIZE_PRESETS.map((preset) => (
            <label key={preset} className="check-option">
              <input type="radio" name={`${id}-size`} checked={size === preset} onChange={() => setSize(preset)} />
              <span>{preset}</span>
            </label>
          ))}
          <label className="check-option">
            <input type="radio" name={`${id}-size`} checked={size === 'custom'} onChange={() => setSize('custom')} />
            <span>Custom</span>
          </label>
        </div>
        <label className="field" htmlFor={`${id}-edge`}>
          <span className="field-label">Longest edge (px)</span>
          <input
            id={`${id}-edge`}
            className="text-input export-number"
            type="number"
            min={MIN_EDGE}
            max={MAX_EDGE}
            step={1}
            disabled={size !== 'custom'}
            required={size === 'custom'}
            value={size === 'custom' ? customEdge : size === 'original' ? '' : String(size)}
            onChange={(event) => setCustomEdge(event.target.value)}
          />
        </label>
        <p id={`${id}-size-note`} className="field-note">
          The longest side is scaled down to this size. Images are never enlarged.
        </p>
      </fieldset>

      <label className="field" htmlFor={`${id}-names`}>
        <span className="field-label">File names</span>
        <input
          id={`${id}-names`}
          ref={templateRef}
          className="text-input"
          maxLength={200}
          required
          spellCheck={false}
          dir="auto"
          aria-describedby={`${id}-names-note`}
          value={template}
          onChange={(event) => setTemplate(event.target.value)}
        />
      </label>
      <p id={`${id}-names-note`} className="field-note">
        Tokens are replaced per image; the file extension is added for you.
      </p>
      <div role="group" aria-label="Insert a token" className="export-tokens">
        {NAMING_TOKENS.map((token) => (
          <button key={token} type="button" className="button button-small button-quiet" onClick={() => insertToken(token)}>
            {`{${token}}`}
          </button>
        ))}
      </div>

      <fieldset className="export-group" aria-describedby={`${id}-metadata-note`}>
        <legend className="field-label">Metadata</legend>
        <label className="check-option">
          <input type="radio" name={`${id}-metadata`} checked={metadata === 'embed'} onChange={() => setMetadata('embed')} />
          <span>Embed prompt and settings</span>
        </label>
        <label className="check-option">
          <input type="radio" name={`${id}-metadata`} checked={metadata === 'strip'} onChange={() => setMetadata('strip')} />
          <span>Strip for sharing</span>
        </label>
        <p id={`${id}-metadata-note`} className="field-note">
          {metadata === 'embed'
            ? format === 'original' && size === 'original'
              ? 'Written into each exported copy; the picture itself is not re-encoded. Files in your library are not changed.'
              : 'Written into each exported copy. Files in your library are not changed.'
            : 'No prompt, settings or camera data in the exported files.'}
        </p>
      </fieldset>

      <fieldset className="export-group">
        <legend className="field-label">Also write</legend>
        <label className="check-option">
          <input type="checkbox" checked={sidecars} onChange={(event) => setSidecars(event.target.checked)} />
          <span>JSON sidecar per image</span>
        </label>
        <label className="check-option">
          <input type="checkbox" checked={manifest} onChange={(event) => setManifest(event.target.checked)} />
          <span>CSV manifest</span>
        </label>
        <label className="check-option">
          <input type="checkbox" checked={zip} onChange={(event) => setZip(event.target.checked)} />
          <span>One ZIP archive</span>
        </label>
      </fieldset>

      <fieldset className="export-group">
        <legend className="field-label">If a file exists</legend>
        {CONFLICTS.map((choice) => (
          <label key={choice.value} className="check-option">
            <input type="radio" name={`${id}-conflict`} checked={onConflict === choice.value} onChange={() => setOnConflict(choice.value)} />
            <span>{choice.label}</span>
          </label>
        ))}
      </fieldset>

      <div className="button-row">
        <button type="submit" className="button button-primary" aria-disabled={busy}>
          Choose folder and export
        </button>
        <button type="button" className="button button-quiet" onClick={onClose}>
          Close
        </button>
      </div>
      {busy ? <p className="field-note">Choose a folder in the system dialog…</p> : null}
    </form>
  );
}
