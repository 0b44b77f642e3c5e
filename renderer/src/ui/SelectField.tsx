import type { ReactNode } from 'react';

export interface SelectOption<T extends string | number> {
  value: T;
  label: ReactNode;
}

/**
 * A labelled select whose onChange hands back the option's own typed value: the DOM only knows
 * strings, and mapping them back here (rather than `e.target.value as Easing` at every call) means
 * a value that is not an option never reaches the app, and numbers come back as numbers.
 */
export function SelectField<T extends string | number>({
  label,
  value,
  options,
  onChange,
  testId,
  disabled,
  title,
}: {
  label: ReactNode;
  value: T;
  options: readonly SelectOption<T>[];
  onChange: (value: T) => void;
  testId?: string;
  disabled?: boolean;
  title?: string;
}) {
  return (
    <label className="field" title={title}>
      <span className="field-label">{label}</span>
      <select
        className="input"
        data-testid={testId}
        value={value}
        disabled={disabled}
        onChange={(e) => {
          const picked = optionValue(options, e.target.value);
          if (picked !== undefined) onChange(picked);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The typed value of the option the DOM names by its string, or undefined for none of them. */
export function optionValue<T extends string | number>(
  options: readonly SelectOption<T>[],
  domValue: string,
): T | undefined {
  return options.find((o) => String(o.value) === domValue)?.value;
}

/** Options whose labels are the values themselves. */
export const plainOptions = <T extends string | number>(values: readonly T[]): SelectOption<T>[] =>
  values.map((value) => ({ value, label: value }));
