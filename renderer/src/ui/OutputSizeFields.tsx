import { SelectField } from './SelectField';

/** Output scales offered for PNG batches, sprite sheets and videos (the contract allows 1–8). */
export const OUTPUT_SCALES = [1, 2, 3, 4, 6, 8] as const;

export type OutputFilter = 'nearest' | 'lanczos';

export interface OutputSize {
  scale: number;
  filter: OutputFilter;
}

/** The filters' names; `explained` adds what each looks like (where there is room for it). */
export function filterNames(explained: boolean): Record<OutputFilter, string> {
  return explained
    ? { nearest: 'Nearest (crisp pixels)', lanczos: 'Lanczos (smooth)' }
    : { nearest: 'Nearest', lanczos: 'Lanczos' };
}

/**
 * The output size of an export: the model's size times a scale, and the upscaling filter (off at
 * the model's own size). One pair of fields for the Export panel and the video dialog; test ids
 * are `${testIdPrefix}-scale` and `${testIdPrefix}-filter`.
 */
export function OutputSizeFields({
  value,
  onChange,
  modelSize,
  testIdPrefix,
  explained = false,
}: {
  value: OutputSize;
  onChange: (patch: Partial<OutputSize>) => void;
  /** The model's image size, shown beside each scale; undefined while no model is chosen. */
  modelSize: { width: number; height: number } | undefined;
  testIdPrefix: string;
  explained?: boolean;
}) {
  const names = filterNames(explained);
  return (
    <>
      <SelectField<number>
        label="Size"
        testId={`${testIdPrefix}-scale`}
        value={value.scale}
        options={OUTPUT_SCALES.map((s) => ({
          value: s,
          label: `${s === 1 ? 'Model size' : `${s}×`}${modelSize ? ` (${modelSize.width * s}×${modelSize.height * s})` : ''}`,
        }))}
        onChange={(scale) => onChange({ scale })}
      />
      <SelectField<OutputFilter>
        label="Upscaling"
        testId={`${testIdPrefix}-filter`}
        value={value.filter}
        disabled={value.scale === 1}
        options={[
          { value: 'nearest', label: names.nearest },
          { value: 'lanczos', label: names.lanczos },
        ]}
        onChange={(filter) => onChange({ filter })}
      />
    </>
  );
}
