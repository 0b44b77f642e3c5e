import { describe, expect, it } from 'vitest';
import type { EvalReport } from '../../../../main/contract/eval-schemas';
import { kidSpreadReason, metricRows } from './words';

const report = (n: number, subsetSize: number, std: number) =>
  ({
    order: ['kid'],
    fake: { label: 'model', n },
    real: { label: 'folder', n: 600 },
    results: { kid: { mean: 0.0123, std, subsets: 100, subsetSize } },
  }) as unknown as EvalReport;

describe('KID in words', () => {
  it('shows no ± 0.0000 when every subset is every image, and says why', () => {
    const r = report(12, 12, 0);
    expect(kidSpreadReason(r)).toMatch(/too few images for its subsets \(12 images/);
    const [row] = metricRows(r);
    expect(row?.value).toBe('0.0123');
    expect(row?.detail).toMatch(/no spread: too few images/);
  });

  it('shows the spread when the subsets can differ', () => {
    const r = report(500, 250, 0.002);
    expect(kidSpreadReason(r)).toBeNull();
    expect(metricRows(r)[0]?.value).toBe('0.0123 ± 0.0020');
  });
});
