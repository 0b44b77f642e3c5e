import { useState } from 'react';
import { numberBounds, type NumberSchema } from './number-bounds';

interface Props {
  label: string;
  value: number;
  onChange: (value: number) => void;
  onEnter?: () => void;
  /** The contract's schema for this value: its bounds and integer rule are the field's. */
  schema: NumberSchema;
  step?: number;
  testId?: string;
  width?: number;
  title?: string;
}

/**
 * A number input that lets the user type freely and commits only values its schema accepts, so
 * the form can never disagree with what the engine will take.
 */
export function NumberField({
  label,
  value,
  onChange,
  onEnter,
  schema,
  step,
  testId,
  width,
  title,
}: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const bounds = numberBounds(schema);
  const parse = (text: string): number | null => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) return null;
    return schema.safeParse(n).success ? n : null;
  };
  const invalid = draft !== null && parse(draft) === null;
  return (
    <label className="field" title={title}>
      <span className="field-label">{label}</span>
      <input
        className={`input ${invalid ? 'invalid' : ''}`}
        data-testid={testId}
        type="number"
        inputMode={bounds.integer ? 'numeric' : 'decimal'}
        min={bounds.min ?? undefined}
        max={bounds.max ?? undefined}
        step={step ?? (bounds.integer ? 1 : 'any')}
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
