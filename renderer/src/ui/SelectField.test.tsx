import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SelectField, optionValue, plainOptions } from './SelectField';

describe('SelectField', () => {
  it('hands back the option’s own value: numbers as numbers, unknown strings as nothing', () => {
    const scales = [
      { value: 1, label: 'Model size' },
      { value: 2, label: '2×' },
    ];
    expect(optionValue(scales, '2')).toBe(2);
    expect(optionValue(plainOptions(['lerp', 'slerp'] as const), 'slerp')).toBe('slerp');
    expect(optionValue(plainOptions(['lerp', 'slerp'] as const), 'cubic')).toBeUndefined();
  });

  it('renders a labelled select with its test id, the chosen option and disabled', () => {
    const out = renderToStaticMarkup(
      <SelectField
        label="Easing"
        testId="segment-easing-0"
        value="cubic"
        disabled
        options={plainOptions(['linear', 'cubic'] as const)}
        onChange={() => undefined}
      />,
    );
    expect(out).toMatch(/^<label class="field"><span class="field-label">Easing<\/span><select/);
    expect(out).toMatch(/<select[^>]*data-testid="segment-easing-0"[^>]*disabled=""/);
    expect(out).toMatch(/<option value="cubic" selected="">cubic<\/option>/);
    expect(out).toContain('<option value="linear">linear</option>');
  });
});
