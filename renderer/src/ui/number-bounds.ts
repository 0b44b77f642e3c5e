import { z } from 'zod';

/** A zod number schema, possibly optional (a form field's value is always there). */
export type NumberSchema = z.ZodNumber | z.ZodOptional<z.ZodNumber>;

export interface NumberBounds {
  min: number | null;
  max: number | null;
  integer: boolean;
}

/**
 * The bounds a schema enforces, for the input's min/max/step attributes. Read from the schema so
 * they are never restated (and cannot drift) in the UI; open ends are null.
 */
export function numberBounds(schema: NumberSchema): NumberBounds {
  const number = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  const finite = (v: number | null) =>
    v === null || !Number.isFinite(v) || Math.abs(v) >= Number.MAX_SAFE_INTEGER ? null : v;
  return {
    min: finite(number.minValue),
    max: finite(number.maxValue),
    integer: number.isInt,
  };
}
