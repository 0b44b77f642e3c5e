import { describe, expect, it } from 'vitest';
import { chartGeometry, extent, linePath, niceTicks, thin, type ChartBox } from './chart';

const box: ChartBox = {
  width: 400,
  height: 200,
  padding: { top: 10, right: 10, bottom: 30, left: 50 },
};

describe('niceTicks', () => {
  it('picks round steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 1, 2)).toEqual([0, 0.5, 1]);
    expect(niceTicks(0.13, 0.97, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0, 12000, 3)).toEqual([0, 5000, 10000]);
  });
  it('handles negative, reversed and flat ranges without float noise', () => {
    expect(niceTicks(-1, 1, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(10, 0, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(0.1, 0.3, 2)).toEqual([0.1, 0.2, 0.3]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });
});

describe('extent', () => {
  it('pads the range and opens up a flat line', () => {
    expect(extent([0, 10], 0.1)).toEqual([-1, 11]);
    expect(extent([2, 2])).toEqual([1.8, 2.2]);
    expect(extent([0, 0])).toEqual([-1, 1]);
    expect(extent([])).toEqual([0, 1]);
    expect(extent([NaN, 1, Infinity, 3], 0)).toEqual([1, 3]);
  });
});

describe('chartGeometry', () => {
  const g = chartGeometry(
    [
      [
        { x: 0, y: 0 },
        { x: 100, y: 1 },
      ],
      [{ x: 50, y: 0.5 }],
    ],
    box,
  );
  it('maps the x domain onto the plot edges and y upwards', () => {
    expect(g.xDomain).toEqual([0, 100]);
    expect(g.sx(0)).toBe(50);
    expect(g.sx(100)).toBe(390);
    expect(g.sy(g.yDomain[0])).toBeCloseTo(170);
    expect(g.sy(g.yDomain[1])).toBeCloseTo(10);
    expect(g.sy(1)).toBeLessThan(g.sy(0));
  });
  it('keeps only ticks inside the domains', () => {
    for (const t of g.xTicks) expect(t >= 0 && t <= 100).toBe(true);
    for (const t of g.yTicks) expect(t >= g.yDomain[0] && t <= g.yDomain[1]).toBe(true);
    expect(g.xTicks.length).toBeGreaterThanOrEqual(2);
    expect(g.yTicks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(Object.is(niceTicks(-0.001, 1, 2)[0], -0)).toBe(false);
  });
  it('copes with one point and with no data', () => {
    const one = chartGeometry([[{ x: 7, y: 3 }]], box);
    expect(one.xDomain).toEqual([7, 8]);
    expect(Number.isFinite(one.sy(3))).toBe(true);
    const none = chartGeometry([], box);
    expect(none.xDomain).toEqual([0, 1]);
    expect(none.yDomain).toEqual([0, 1]);
  });
});

describe('linePath', () => {
  const g = { sx: (x: number) => x * 2, sy: (y: number) => 100 - y };
  it('moves to the first point and draws lines to the rest', () => {
    expect(
      linePath(
        [
          { x: 0, y: 0 },
          { x: 1, y: 10 },
          { x: 2.04, y: 5 },
        ],
        g,
      ),
    ).toBe('M0 100L2 90L4.1 95');
  });
  it('breaks the line at non-finite values', () => {
    expect(
      linePath(
        [
          { x: 0, y: 0 },
          { x: 1, y: NaN },
          { x: 2, y: 1 },
        ],
        g,
      ),
    ).toBe('M0 100M4 99');
    expect(linePath([], g)).toBe('');
  });
});

describe('thin', () => {
  const points = Array.from({ length: 1000 }, (_, i) => ({ x: i, y: i === 437 ? 50 : i % 7 }));
  it('returns short series unchanged', () => {
    expect(thin(points.slice(0, 10), 100)).toHaveLength(10);
  });
  it('keeps about `max` points in x order, with spikes and the last point', () => {
    const out = thin(points, 100);
    expect(out.length).toBeLessThanOrEqual(101);
    expect(out.length).toBeGreaterThan(50);
    expect(out.some((p) => p.y === 50)).toBe(true);
    expect(out[out.length - 1]).toEqual({ x: 999, y: 999 % 7 });
    for (let i = 1; i < out.length; i++) expect(out[i]!.x).toBeGreaterThan(out[i - 1]!.x);
  });
});
