import { describe, expect, it } from 'vitest';
import { clamp, fnv1a, freeSlots, gridLayout, idwWeights, tileAt } from './index';

const sum = (ws: { weight: number }[]) => ws.reduce((s, w) => s + w.weight, 0);

describe('idwWeights', () => {
  const anchors = [
    { x: 0, y: 0 },
    { x: 100, y: 0 },
    { x: 0, y: 100 },
    { x: 500, y: 500 },
  ];

  it('gives an exact hit weight 1', () => {
    expect(idwWeights(anchors, { x: 100, y: 0 })).toEqual([{ index: 1, weight: 1, distance: 0 }]);
  });

  it('splits evenly at the midpoint of two anchors', () => {
    const w = idwWeights(anchors, { x: 50, y: 0 }, { k: 2 });
    expect(w.map((x) => x.index)).toEqual([0, 1]);
    expect(w[0]?.weight).toBeCloseTo(0.5);
    expect(w[1]?.weight).toBeCloseTo(0.5);
  });

  it('normalises, keeps the k nearest, nearest first', () => {
    const w = idwWeights(anchors, { x: 10, y: 10 }, { k: 3 });
    expect(w.map((x) => x.index)).toEqual([0, 1, 2]);
    expect(sum(w)).toBeCloseTo(1);
    expect(w[0]!.weight).toBeGreaterThan(w[1]!.weight);
  });

  it('leaves out anchors beyond the radius and returns [] when none are near', () => {
    expect(idwWeights(anchors, { x: 10, y: 0 }, { radius: 50 }).map((x) => x.index)).toEqual([0]);
    expect(idwWeights(anchors, { x: 300, y: 300 }, { radius: 50 })).toEqual([]);
    expect(idwWeights([], { x: 0, y: 0 })).toEqual([]);
  });

  it('fades an anchor in smoothly as it enters the radius', () => {
    const a = [
      { x: 0, y: 0 },
      { x: 200, y: 0 },
    ];
    const w = idwWeights(a, { x: 60, y: 0 }, { radius: 141 });
    expect(w[1]?.weight ?? 0).toBeLessThan(0.01);
    const unsmoothed = idwWeights(a, { x: 60, y: 0 }, { radius: 141, smooth: false });
    expect(unsmoothed[1]!.weight).toBeGreaterThan(0.1);
  });

  it('falls back to the nearest anchor when all sit exactly on the radius', () => {
    expect(idwWeights([{ x: 10, y: 0 }], { x: 0, y: 0 }, { radius: 10 })).toEqual([
      { index: 0, weight: 1, distance: 10 },
    ]);
  });
});

describe('gridLayout / tileAt', () => {
  it('fits columns to the width and caps them at the count', () => {
    expect(gridLayout(16, 420, { minTile: 96, gap: 8 })).toEqual({
      cols: 4,
      rows: 4,
      tile: 99,
      gap: 8,
    });
    expect(gridLayout(2, 420, { minTile: 96, maxTile: 150, gap: 8 })).toMatchObject({
      cols: 2,
      rows: 1,
      tile: 150,
    });
    expect(gridLayout(0, 420).rows).toBe(0);
  });
  it('hit-tests tiles and gaps', () => {
    const l = gridLayout(5, 420, { minTile: 96, gap: 8 });
    expect(tileAt(l, 5, 5, 5)).toBe(0);
    expect(tileAt(l, 5, 99 + 4, 5)).toBe(-1);
    expect(tileAt(l, 5, 107 + 5, 5)).toBe(1);
    expect(tileAt(l, 5, 5, 107 + 5)).toBe(4);
    expect(tileAt(l, 5, 107 + 5, 107 + 5)).toBe(-1);
  });
});

describe('freeSlots', () => {
  it('skips occupied lattice cells and spills over when full', () => {
    const slots = freeSlots([{ x: 50, y: 50 }], 3, { width: 200, height: 100 }, 100);
    expect(slots).toHaveLength(3);
    expect(slots[0]).toEqual({ x: 150, y: 50 });
    expect(slots.some((s) => s.x === 50 && s.y === 50)).toBe(false);
  });
});

describe('fnv1a / clamp', () => {
  it('hashes bytes', () => {
    expect(fnv1a(new Uint8Array())).toBe('811c9dc5');
    expect(fnv1a(new TextEncoder().encode('a'))).toBe('e40c292c');
    expect(fnv1a(new Uint8Array([1, 2]))).not.toBe(fnv1a(new Uint8Array([2, 1])));
  });
  it('clamps', () => {
    expect(clamp(5, 0, 3)).toBe(3);
    expect(clamp(-1, 0, 3)).toBe(0);
  });
});
