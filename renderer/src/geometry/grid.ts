import type { Point } from './idw';

export interface GridLayout {
  cols: number;
  rows: number;
  /** Side of one square tile, in pixels. */
  tile: number;
  gap: number;
}

export interface GridOptions {
  minTile?: number;
  maxTile?: number;
  gap?: number;
}

/** Square tiles filling `width`: as many columns as fit at minTile, then stretched up to maxTile. */
export function gridLayout(count: number, width: number, options: GridOptions = {}): GridLayout {
  const { minTile = 96, maxTile = 200, gap = 8 } = options;
  const n = Math.max(0, Math.floor(count));
  const w = Math.max(minTile, width);
  let cols = Math.max(1, Math.floor((w + gap) / (minTile + gap)));
  if (n > 0) cols = Math.min(cols, n);
  const tile = Math.max(1, Math.min(maxTile, Math.floor((w - gap * (cols - 1)) / cols)));
  return { cols, rows: n === 0 ? 0 : Math.ceil(n / cols), tile, gap };
}

/** Index of the tile under (x, y) relative to the grid's top-left, or -1 for gaps and outside. */
export function tileAt(layout: GridLayout, count: number, x: number, y: number): number {
  const step = layout.tile + layout.gap;
  if (x < 0 || y < 0) return -1;
  const col = Math.floor(x / step);
  const row = Math.floor(y / step);
  if (col >= layout.cols || x - col * step >= layout.tile || y - row * step >= layout.tile)
    return -1;
  const index = row * layout.cols + col;
  return index < count ? index : -1;
}

export interface Bounds {
  width: number;
  height: number;
}

/**
 * Up to `n` centres for new items on a lattice of `spacing`, skipping lattice cells already
 * occupied by (closer than spacing/2 to) an existing point. Row-major from the top-left, inset by
 * half a spacing. When the bounds are full, remaining items spiral out from the centre, offset.
 */
export function freeSlots(
  existing: readonly Point[],
  n: number,
  bounds: Bounds,
  spacing: number,
): Point[] {
  const out: Point[] = [];
  const taken = [...existing];
  const cols = Math.max(1, Math.floor(bounds.width / spacing));
  const rows = Math.max(1, Math.floor(bounds.height / spacing));
  const offX = (bounds.width - cols * spacing) / 2 + spacing / 2;
  const offY = (bounds.height - rows * spacing) / 2 + spacing / 2;
  for (let r = 0; r < rows && out.length < n; r++) {
    for (let c = 0; c < cols && out.length < n; c++) {
      const p = { x: offX + c * spacing, y: offY + r * spacing };
      if (taken.some((t) => Math.hypot(t.x - p.x, t.y - p.y) < spacing / 2)) continue;
      out.push(p);
      taken.push(p);
    }
  }
  for (let i = 0; out.length < n; i++) {
    const angle = i * 2.399963; // golden angle
    const radius = (spacing / 3) * Math.sqrt(i + 1);
    out.push({
      x: bounds.width / 2 + radius * Math.cos(angle),
      y: bounds.height / 2 + radius * Math.sin(angle),
    });
  }
  return out;
}

export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
