import type { TrainMetrics } from '../../../main/contract/training-schemas';

/** What the dashboard keeps of a run's train.metrics events (points by step, newest pairs). */
export interface RunMetrics {
  extractor: string | null;
  /** Why the detectors are off, in words (null while they work). */
  status: string | null;
  reference: number | null;
  diversity: Array<{ step: number; diversity: number; nearDupShare: number }>;
  collapseAlarm: { step: number; text: string } | null;
  memorization: (NonNullable<TrainMetrics['memorization']> & { step: number }) | null;
  recon: Array<{ step: number; heldOut: number; train: number }>;
  evals: Array<{ step: number; fid: number; kid: number; kidStd: number; n: number }>;
}

export const emptyMetrics: RunMetrics = {
  extractor: null,
  status: null,
  reference: null,
  diversity: [],
  collapseAlarm: null,
  memorization: null,
  recon: [],
  evals: [],
};

/** Adds a point, replacing one at the same step (a resumed run replays its history), in step order. */
function upsert<T extends { step: number }>(points: T[], point: T): T[] {
  const kept = points.filter((p) => p.step !== point.step);
  kept.push(point);
  return kept.sort((a, b) => a.step - b.step);
}

export function mergeMetrics(prev: RunMetrics, m: TrainMetrics): RunMetrics {
  const next: RunMetrics = { ...prev, extractor: m.extractor ?? prev.extractor };
  if (m.status !== undefined) next.status = m.status;
  if (m.collapse) {
    const c = m.collapse;
    next.reference = c.reference;
    next.diversity = upsert(prev.diversity, {
      step: m.step,
      diversity: c.diversity,
      nearDupShare: c.nearDupShare,
    });
    // The banner follows the newest reading: a recovered run clears it.
    const newest = next.diversity.at(-1)?.step === m.step;
    if (newest) next.collapseAlarm = c.alarm ? { step: m.step, text: c.alarm } : null;
  }
  // Replayed history has no pairs: the newest pairs with thumbnails stay.
  if (m.memorization && (m.memorization.pairs.length > 0 || !prev.memorization))
    if (!prev.memorization || m.step >= prev.memorization.step)
      next.memorization = { ...m.memorization, step: m.step };
  if (m.recon)
    next.recon = upsert(prev.recon, {
      step: m.step,
      heldOut: m.recon.heldOut,
      train: m.recon.train,
    });
  if (m.eval)
    next.evals = upsert(prev.evals, {
      step: m.step,
      fid: m.eval.fid,
      kid: m.eval.kid.mean,
      kidStd: m.eval.kid.std,
      n: m.eval.n,
    });
  return next;
}
