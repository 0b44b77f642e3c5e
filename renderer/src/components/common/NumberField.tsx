import { useState } from 'react';

interface Props {
  label: string;
  value: number;
  onChange: (value: number) => void;
  onEnter?: () => void;
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
  testId?: string;
  width?: number;
  title?: string;
}

/** A number input that lets the user type freely and commits only valid, in-range values. */
export function NumberField({
  label,
  value,
  onChange,
  onEnter,
  min,
  max,
  step = 1,
  integer,
  testId,
  width,
  title,
}: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const parse = (text: string): number | null => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) return null;
    if (integer && !Number.isInteger(n)) return null;
    return n >= min && n <= max ? n : null;
  };
  const invalid = draft !== null && parse(draft) === null;
  return (
    <label className="field" title={title}>
      <span className="field-label">{label}</span>
      <input
        className={`input ${invalid ? 'invalid' : ''}`}
        data-testid={testId}
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        min={min}
        max={max}
        step={step}
        style={width ? { width } : undefined}
        value={draft ?? String(value)}
        onChange={(e) => {
          setDraft(e.target.value);
          const n = parse(e.target.value);
          if (n !== null) onChange(n);
        }}
        onBlur={() => setDraft(null)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && onEnter) {
            const n = draft === null ? value : parse(draft);
            if (n !== null) {
              setDraft(null);
              onEnter();
            }
          }
        }}
        aria-invalid={invalid}
      />
    </label>
  );
}
