import { useState } from 'react';

interface CountInputProps {
  id: string;
  value: number;
  min: number;
  max: number;
  /** Called with a whole number already clamped to [min, max]. */
  onCommit: (value: number) => void;
  describedBy?: string;
}

/**
 * A spinbutton that never holds an out-of-range number: a typed value is clamped at once, and only
 * a momentarily empty field (while retyping) differs from `value` until it loses focus.
 */
export function CountInput({ id, value, min, max, onCommit, describedBy }: CountInputProps) {
  const [typing, setTyping] = useState<string | null>(null);
  return (
    <input
      id={id}
      type="number"
      className="text-input count-input"
      min={min}
      max={max}
      step={1}
      inputMode="numeric"
      value={typing ?? String(value)}
      aria-describedby={describedBy}
      onChange={(event) => {
        const parsed = Number.parseInt(event.target.value, 10);
        if (Number.isNaN(parsed)) {
          setTyping(event.target.value);
          return;
        }
        setTyping(null);
        const clamped = Math.min(max, Math.max(min, parsed));
        if (clamped !== value) onCommit(clamped);
      }}
      onBlur={() => setTyping(null)}
    />
  );
}
