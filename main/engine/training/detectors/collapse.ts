import type { FeatureMatrix } from '../../metrics/features';
import { mean, pairDistances } from './feature-distances';
import type { DetectorReference } from './reference';

/**
 * Mode-collapse rule (documented in detectors/README.md). On every preview the 16 fixed-seed
 * samples give
 *   diversity     = mean pairwise feature distance of the samples,
 *   nearDupShare  = share of sample pairs closer than the reference's near-duplicate distance.
 * No alarm sounds during warm-up — the first WARMUP_PREVIEWS previews, and every preview before
 * step WARMUP_STEPS: a freshly initialised generator (or a VAE decoder that still draws the mean
 * image) has low diversity because it has learnt nothing yet, not because it collapsed. After that
 * the alarm sounds when any of these holds:
 *   1. diversity < PEAK_RATIO × the running peak, the peak taken over previews after warm-up
 *      (a freshly initialised generator makes noise whose diversity means nothing);
 *   2. diversity < REFERENCE_RATIO × the training set's own diversity;
 *   3. nearDupShare ≥ NEAR_DUP_ALARM.
 */
export const WARMUP_PREVIEWS = 2;
/**
 * Why 200 steps: the healthy 8-mode DCGAN of test/training/gan-multi-mode.test.ts (lr 2e-3) sits at
 * 45 % and 48 % of the training set's diversity at steps 50 and 100 — a few points above the 40 %
 * line — and reaches 73 % only at step 150; at the default learning rate (2e-4) or on a harder set
 * that phase of near-identical blobs lasts longer. With previews every 50 steps a count of previews
 * alone would judge at step 150. By step 200 the deliberately collapsed run of the same test is at
 * 1 % of the training diversity, so a real collapse is still caught at once.
 */
export const WARMUP_STEPS = 200;
export const PEAK_RATIO = 0.5;
export const REFERENCE_RATIO = 0.4;
export const NEAR_DUP_ALARM = 0.25;

export interface CollapseReading {
  diversity: number;
  nearDupShare: number;
  /** Running peak after warm-up, or null while warming up. */
  peak: number | null;
  reference: number;
  alarm: string | null;
}

export interface DiversityPoint {
  diversity: number;
  /** Training step of the preview. */
  step: number;
}

export class CollapseDetector {
  private previews = 0;
  private peak: number | null = null;

  constructor(private readonly reference: DetectorReference) {}

  /** Replays earlier readings (a resumed run), so the running peak carries on. */
  restore(history: readonly DiversityPoint[]): void {
    for (const h of history) this.track(h.diversity, h.step);
  }

  /** Reads the preview samples of training step `step`. */
  observe(samples: FeatureMatrix, step: number): CollapseReading {
    const pairs = pairDistances(samples);
    const diversity = mean(pairs);
    let close = 0;
    for (const d of pairs) if (d < this.reference.nearDupDistance) close++;
    const nearDupShare = pairs.length ? close / pairs.length : 0;
    const peakBefore = this.peak;
    const warm = this.track(diversity, step);
    const ref = this.reference.diversity;
    const pct = (v: number) => `${Math.round(v * 100)}%`;
    let alarm: string | null = null;
    if (!warm) alarm = null;
    else if (nearDupShare >= NEAR_DUP_ALARM)
      alarm = `Possible mode collapse: ${pct(nearDupShare)} of the preview pairs are near-duplicates of each other (closer than all but 1% of training-image pairs).`;
    else if (diversity < REFERENCE_RATIO * ref)
      alarm = `Possible mode collapse: the samples' diversity is ${pct(diversity / ref)} of the training set's own (alarm below ${pct(REFERENCE_RATIO)}).`;
    else if (peakBefore !== null && diversity < PEAK_RATIO * peakBefore)
      alarm = `Possible mode collapse: diversity fell to ${pct(diversity / peakBefore)} of its peak in this run (alarm below ${pct(PEAK_RATIO)}).`;
    return { diversity, nearDupShare, peak: this.peak, reference: ref, alarm };
  }

  /** Counts the preview and, past warm-up, raises the peak; true when past warm-up. */
  private track(diversity: number, step: number): boolean {
    this.previews += 1;
    const warm = this.previews > WARMUP_PREVIEWS && step >= WARMUP_STEPS;
    if (warm) this.peak = Math.max(this.peak ?? 0, diversity);
    return warm;
  }
}
