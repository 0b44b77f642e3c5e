import { describe, expect, it } from 'vitest';
import { MAX_HISTORY, mergeHistory, type LossPoint } from './training';

const point = (step: number, g: number): LossPoint => ({ step, losses: { g } });

describe('mergeHistory: a run’s loaded record joined with live events', () => {
  it('fills in the steps before the events, and the events win at the same step', () => {
    const loaded = [point(1, 1), point(2, 2), point(3, 3)];
    const live = [point(3, 30), point(4, 40)];
    expect(mergeHistory(loaded, live)).toEqual([
      point(1, 1),
      point(2, 2),
      point(3, 30),
      point(4, 40),
    ]);
  });

  it('stays within MAX_HISTORY, thinning the older half and keeping the newest steps', () => {
    const loaded = Array.from({ length: 2000 }, (_, i) => point(i + 1, i));
    const live = Array.from({ length: MAX_HISTORY }, (_, i) => point(2001 + i, i));
    const merged = mergeHistory(loaded, live);
    expect(merged.length).toBeLessThanOrEqual(MAX_HISTORY);
    expect(merged[0]?.step).toBe(1);
    expect(merged.at(-1)?.step).toBe(2000 + MAX_HISTORY);
    expect(merged.every((p, i) => i === 0 || p.step > merged[i - 1]!.step)).toBe(true);
  });
});
