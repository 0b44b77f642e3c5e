/**
 * Pure geometry of a small line chart (the training loss curves): domains, "nice" ticks, scales
 * and SVG path data. No DOM, so it is unit-tested and any renderer (SVG, canvas) can draw it.
 */

export interface ChartPoint {
  x: number;
  y: number;
}

export interface ChartBox {
  width: number;
  height: number;
  padding: { top: number; right: number; bottom: number; left: number };
}

export interface ChartGeometry {
  xDomain: [number, number];
  yDomain: [number, number];
  xTicks: number[];
  yTicks: number[];
  /** Data → pixel within the box (y grows downwards on screen). */
  sx: (x: number) => number;
  sy: (y: number) => number;
  plot: { left: number; top: number; right: number; bottom: number };
}

/** Round numbers covering [min, max], about `count` of them (1, 2 or 5 times a power of ten apart). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  if (min > max) [min, max] = [max, min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / power;
  const step = (ratio >= 7.07 ? 10 : ratio >= 3.16 ? 5 : ratio >= 1.41 ? 2 : 1) * power;
  const ticks: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  for (let i = first; i * step <= max + step * 1e-9; i++) ticks.push(roundTo(i * step, step));
  return ticks;
}

function roundTo(v: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(Math.min(12, digits))) + 0; // + 0 turns -0 into 0 for labels
}

/** [min, max] of the values, widened a little (or around a flat line) so lines do not touch the edge. */
export function extent(values: readonly number[], pad = 0.06): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [0, 1];
  if (lo === hi) {
    const d = Math.abs(lo) * 0.1 || 1;
    return [lo - d, hi + d];
  }
  const d = (hi - lo) * pad;
  return [lo - d, hi + d];
}

export function chartGeometry(series: readonly ChartPoint[][], box: ChartBox): ChartGeometry {
  const all = series.flat();
  const xs = all.map((p) => p.x).filter(Number.isFinite);
  const x0 = xs.length === 0 ? 0 : Math.min(...xs);
  const x1 = xs.length === 0 ? 1 : Math.max(...xs);
  const xDomain: [number, number] = x0 === x1 ? [x0, x0 + 1] : [x0, x1];
  const yDomain = extent(all.map((p) => p.y));
  const plot = {
    left: box.padding.left,
    top: box.padding.top,
    right: Math.max(box.padding.left + 1, box.width - box.padding.right),
    bottom: Math.max(box.padding.top + 1, box.height - box.padding.bottom),
  };
  const sx = (x: number) =>
    plot.left + ((x - xDomain[0]) / (xDomain[1] - xDomain[0])) * (plot.right - plot.left);
  const sy = (y: number) =>
    plot.bottom - ((y - yDomain[0]) / (yDomain[1] - yDomain[0])) * (plot.bottom - plot.top);
  const inside = (lo: number, hi: number) => (t: number) => t >= lo && t <= hi;
  const xTicks = niceTicks(xDomain[0], xDomain[1], Math.max(2, Math.floor(box.width / 90)));
  const yTicks = niceTicks(yDomain[0], yDomain[1], Math.max(2, Math.floor(box.height / 40)));
  return {
    xDomain,
    yDomain,
    xTicks: xTicks.filter(inside(...xDomain)),
    yTicks: yTicks.filter(inside(...yDomain)),
    sx,
    sy,
    plot,
  };
}

/** SVG path data ("M x y L x y …") of one series; non-finite points break the line. */
export function linePath(
  points: readonly ChartPoint[],
  g: Pick<ChartGeometry, 'sx' | 'sy'>,
): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${round1(g.sx(p.x))} ${round1(g.sy(p.y))}`;
    pen = true;
  }
  return d;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/**
 * At most `max` points, keeping each bucket's lowest and highest value (in order), so spikes
 * survive thinning. Used so a long run still draws a few hundred segments, not thousands.
 */
export function thin(points: readonly ChartPoint[], max: number): ChartPoint[] {
  if (points.length <= max || max < 4) return [...points];
  const buckets = Math.floor(max / 2);
  const size = points.length / buckets;
  const out: ChartPoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const slice = points.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (slice.length === 0) continue;
    let lo = slice[0]!;
    let hi = slice[0]!;
    for (const p of slice) {
      if (p.y < lo.y) lo = p;
      if (p.y > hi.y) hi = p;
    }
    if (lo === hi) out.push(lo);
    else out.push(...(lo.x < hi.x ? [lo, hi] : [hi, lo]));
  }
  const last = points[points.length - 1]!;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}
