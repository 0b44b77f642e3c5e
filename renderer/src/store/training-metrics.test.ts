import { describe, expect, it } from 'vitest';
import type { TrainMetrics } from '../../../main/contract/training-schemas';
import { emptyMetrics, mergeMetrics } from './training-metrics';

const collapse = (step: number, diversity: number, alarm: string | null): TrainMetrics => ({
  step,
  extractor: 'tiny',
  collapse: { diversity, nearDupShare: 0, peak: null, reference: 2, alarm },
});

describe('mergeMetrics', () => {
  it('keeps points in step order, replaces replayed steps and follows the newest alarm', () => {
    let m = emptyMetrics;
    m = mergeMetrics(m, collapse(4, 1.5, null));
    m = mergeMetrics(m, collapse(2, 1.8, null));
    m = mergeMetrics(m, collapse(6, 0.2, 'Possible mode collapse: …'));
    expect(m.diversity.map((d) => d.step)).toEqual([2, 4, 6]);
    expect(m.collapseAlarm).toEqual({ step: 6, text: 'Possible mode collapse: …' });
    expect(m.reference).toBe(2);
    // A resumed run replays step 4 (no alarm then): the banner stays with the newest reading.
    m = mergeMetrics(m, collapse(4, 1.5, null));
    expect(m.diversity).toHaveLength(3);
    expect(m.collapseAlarm?.step).toBe(6);
    m = mergeMetrics(m, collapse(8, 1.7, null));
    expect(m.collapseAlarm).toBeNull();
  });

  it('collects FID/KID and held-out points, and the detectors-off status in words', () => {
    let m = mergeMetrics(emptyMetrics, {
      step: 0,
      extractor: null,
      status: 'Detectors and FID/KID are off: x.',
    });
    m = mergeMetrics(m, {
      step: 2,
      extractor: 'tiny',
      eval: { fid: 30, kid: { mean: 0.1, std: 0.01 }, n: 20, nReal: 96 },
    });
    m = mergeMetrics(m, {
      step: 2,
      extractor: 'tiny',
      recon: { heldOut: 5, train: 4, heldOutCount: 5 },
    });
    expect(m.status).toBe('Detectors and FID/KID are off: x.');
    expect(m.evals).toEqual([{ step: 2, fid: 30, kid: 0.1, kidStd: 0.01, n: 20 }]);
    expect(m.recon).toEqual([{ step: 2, heldOut: 5, train: 4 }]);
    expect(m.extractor).toBe('tiny');
  });
});
