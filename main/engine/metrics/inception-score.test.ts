import { describe, expect, it } from 'vitest';
import { inceptionScore } from './inception-score';
import { loadFeatures, reference, relErr } from './test-fixtures';

describe('inceptionScore (vs the original OpenAI formula)', () => {
  it('matches mean and std over 10 splits', () => {
    const p = loadFeatures('softmax.npy');
    const r = inceptionScore(p.data, p.dim, 10);
    expect(relErr(r.mean, reference.inception_score.mean)).toBeLessThan(1e-12);
    expect(relErr(r.std, reference.inception_score.std)).toBeLessThan(1e-9);
  });

  it('is 1 for identical predictions and the class count for confident uniform ones', () => {
    expect(inceptionScore([0.5, 0.5, 0.5, 0.5], 2, 1).mean).toBeCloseTo(1, 12);
    expect(inceptionScore([1, 0, 0, 1], 2, 1).mean).toBeCloseTo(2, 12);
  });
});
