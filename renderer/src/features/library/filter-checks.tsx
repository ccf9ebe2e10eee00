interface FilterChecksProps<T extends string> {
  legend: string;
  options: ReadonlyArray<{ value: T; label: string }>;
  checked: readonly T[];
  onToggle: (value: T, on: boolean) => void;
}

/** A filter over one field as a group of checkboxes: the images with any value checked (none checked, no filter). */
export function FilterChecks<T extends string>({ legend, options, checked, onToggle }: FilterChecksProps<T>) {
  return (
    <fieldset className="library-filter">
      <legend className="field-label">{legend}</legend>
      <div className="library-checks">
        {options.map(({ value, label }) => (
          <label key={value} className="library-check">
            <input type="checkbox" checked={checked.includes(value)} onChange={(event) => onToggle(value, event.target.checked)} />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
