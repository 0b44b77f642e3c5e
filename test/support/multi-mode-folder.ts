import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng, type Rng } from '../../main/engine/latent/prng';
import { encodePng } from '../../main/engine/image/png';

/**
 * A synthetic training folder with MODE_COUNT clearly distinct modes, for tests that ask whether a
 * GAN's samples cover the modes of its data or collapse to a few. Each mode is one shape in one
 * colour on black, 32×32; inside a mode the centre (±2 px), size (±12 %), colour (±14 per channel)
 * and a little pixel noise (±5) vary, so the folder is not 8 repeated images. Deterministic: the
 * same seed writes the same bytes (the studio PRNG, main/engine/latent/prng.ts).
 *
 * `classifyMode` maps a 32 px image back to its mode, or null when it is none of them: by colour
 * (chromaticity of its brightest pixels, which blur and dimming do not change), then checked by
 * shape: the foreground's IoU with that mode's template (placed at the foreground's centroid, best
 * over sizes 0.8–1.2×) must be at least 0.7 and no lower than with any other mode's template.
 */
export const MODE_SIZE = 32;

interface Mode {
  name: string;
  rgb: readonly [number, number, number];
  /** Inside test in units of the shape's size, centred on (0, 0). */
  inside(u: number, v: number): boolean;
}

const SCALE = 9;

export const MODES: readonly Mode[] = [
  { name: 'red disc', rgb: [220, 40, 40], inside: (u, v) => u * u + v * v <= 1 },
  {
    name: 'green square',
    rgb: [40, 200, 60],
    inside: (u, v) => Math.abs(u) <= 0.85 && Math.abs(v) <= 0.85,
  },
  {
    name: 'blue triangle',
    rgb: [50, 90, 230],
    inside: (u, v) => v >= -1 && v <= 0.8 && Math.abs(u) <= (v + 1) / 1.8,
  },
  {
    name: 'yellow ring',
    rgb: [230, 210, 40],
    inside: (u, v) => {
      const r = Math.hypot(u, v);
      return r >= 0.55 && r <= 1.1;
    },
  },
  {
    name: 'magenta plus',
    rgb: [210, 50, 200],
    inside: (u, v) =>
      (Math.abs(u) <= 0.3 && Math.abs(v) <= 1.1) || (Math.abs(v) <= 0.3 && Math.abs(u) <= 1.1),
  },
  {
    name: 'cyan bars',
    rgb: [40, 210, 210],
    inside: (u, v) => Math.abs(u) <= 1.1 && Math.abs(Math.abs(v) - 0.5) <= 0.28,
  },
  {
    name: 'orange diamond',
    rgb: [240, 140, 30],
    inside: (u, v) => Math.abs(u) + Math.abs(v) <= 1.1,
  },
  {
    name: 'white frame',
    rgb: [235, 235, 235],
    inside: (u, v) => {
      const m = Math.max(Math.abs(u), Math.abs(v));
      return m >= 0.6 && m <= 1;
    },
  },
];
export const MODE_COUNT = MODES.length;

const clampByte = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
const uniform = (rng: Rng, half: number) => (rng.nextFloat() * 2 - 1) * half;

/** One image of `mode` as RGBA (alpha 255), anti-aliased by 3×3 supersampling. */
export function renderMode(mode: number, rng: Rng): Uint8Array {
  const m = MODES[mode];
  if (!m) throw new Error(`No mode ${mode} (0..${MODE_COUNT - 1})`);
  const cx = MODE_SIZE / 2 + uniform(rng, 2);
  const cy = MODE_SIZE / 2 + uniform(rng, 2);
  const s = SCALE * (1 + uniform(rng, 0.12));
  const colour = m.rgb.map((c) => c + uniform(rng, 14));
  const out = new Uint8Array(MODE_SIZE * MODE_SIZE * 4);
  for (let y = 0; y < MODE_SIZE; y++)
    for (let x = 0; x < MODE_SIZE; x++) {
      let hits = 0;
      for (let sy = 0; sy < 3; sy++)
        for (let sx = 0; sx < 3; sx++)
          if (m.inside((x + (sx + 0.5) / 3 - cx) / s, (y + (sy + 0.5) / 3 - cy) / s)) hits++;
      const p = (y * MODE_SIZE + x) * 4;
      for (let c = 0; c < 3; c++)
        out[p + c] = clampByte((colour[c]! * hits) / 9 + Math.abs(uniform(rng, 5)));
      out[p + 3] = 255;
    }
  return out;
}

export interface MultiModeFile {
  file: string;
  mode: number;
}

/** Writes `perMode` PNGs of every mode to `dir` (created), interleaved by mode; returns the list. */
export async function writeMultiModeFolder(
  dir: string,
  options: { perMode: number; seed?: number },
): Promise<MultiModeFile[]> {
  const rng = createRng(options.seed ?? 1);
  await mkdir(dir, { recursive: true });
  const files: MultiModeFile[] = [];
  for (let i = 0; i < options.perMode; i++)
    for (let mode = 0; mode < MODE_COUNT; mode++) {
      const file = `mode${mode}-${String(i).padStart(4, '0')}.png`;
      const rgba = renderMode(mode, rng);
      await writeFile(join(dir, file), encodePng({ width: MODE_SIZE, height: MODE_SIZE, rgba }));
      files.push({ file, mode });
    }
  return files;
}

/** Pixels brighter than this (max channel) are foreground; every mode's colour is ≥ 200. */
const FOREGROUND = 96;
const MAX_BACKGROUND = 40;
const MAX_CHROMA_DISTANCE = 0.25;
const MIN_IOU = 0.7;

const chroma = (rgb: readonly number[]): number[] => {
  const max = Math.max(...rgb, 1e-9);
  return rgb.map((c) => c / max);
};
const MODE_CHROMA = MODES.map((m) => chroma(m.rgb));

/**
 * The mode a 32×32 image (RGB or RGBA bytes, row-major) shows, or null when it shows none: too
 * little or too much foreground, a background that is not dark, a colour far from every mode's,
 * or a shape that does not match that colour's mode.
 */
export function classifyMode(pixels: Uint8Array): number | null {
  const n = MODE_SIZE * MODE_SIZE;
  const channels = pixels.length / n;
  if (channels !== 3 && channels !== 4)
    throw new Error(
      `A ${MODE_SIZE}×${MODE_SIZE} image needs ${n * 3} or ${n * 4} bytes, not ${pixels.length}`,
    );
  const bright = new Float64Array(n);
  for (let p = 0; p < n; p++)
    bright[p] = Math.max(
      pixels[p * channels]!,
      pixels[p * channels + 1]!,
      pixels[p * channels + 2]!,
    );
  const mask = new Uint8Array(n);
  let area = 0;
  let peak = 0;
  let backgroundSum = 0;
  for (let p = 0; p < n; p++) {
    if (bright[p]! > FOREGROUND) {
      mask[p] = 1;
      area++;
      peak = Math.max(peak, bright[p]!);
    } else backgroundSum += bright[p]!;
  }
  if (area < 25 || area > 0.6 * n) return null;
  if (backgroundSum / (n - area) > MAX_BACKGROUND) return null;

  // Colour of the core (the brightest pixels): blurred or dimmed edges keep their chromaticity.
  const core = [0, 0, 0];
  let coreCount = 0;
  for (let p = 0; p < n; p++)
    if (mask[p] && bright[p]! >= 0.75 * peak) {
      for (let c = 0; c < 3; c++) core[c]! += pixels[p * channels + c]!;
      coreCount++;
    }
  const ch = chroma(core.map((v) => v / coreCount));
  let mode = -1;
  let best = Infinity;
  MODE_CHROMA.forEach((mc, i) => {
    const d = Math.hypot(mc[0]! - ch[0]!, mc[1]! - ch[1]!, mc[2]! - ch[2]!);
    if (d < best) [best, mode] = [d, i];
  });
  if (best > MAX_CHROMA_DISTANCE) return null;
  // The shape must fit this mode's template, and fit it better than any other mode's.
  const ious = MODES.map((_, k) => shapeIou(mask, k));
  return ious[mode]! >= MIN_IOU && ious.every((v) => v <= ious[mode]!) ? mode : null;
}

/** Best IoU of `mask` with the mode's template placed at the mask's centroid, sizes 0.8–1.2×. */
export function shapeIou(mask: Uint8Array, mode: number): number {
  let mx = 0;
  let my = 0;
  let area = 0;
  for (let p = 0; p < mask.length; p++)
    if (mask[p]) {
      mx += (p % MODE_SIZE) + 0.5;
      my += Math.floor(p / MODE_SIZE) + 0.5;
      area++;
    }
  mx /= area;
  my /= area;
  let best = 0;
  for (let k = 0.8; k <= 1.2001; k += 0.05) {
    const size = SCALE * k;
    const tx = MODE_CENTROIDS[mode]![0] * size;
    const ty = MODE_CENTROIDS[mode]![1] * size;
    let inter = 0;
    let union = 0;
    for (let y = 0; y < MODE_SIZE; y++)
      for (let x = 0; x < MODE_SIZE; x++) {
        const a = mask[y * MODE_SIZE + x] === 1;
        const b = MODES[mode]!.inside((x + 0.5 - mx + tx) / size, (y + 0.5 - my + ty) / size);
        if (a && b) inter++;
        if (a || b) union++;
      }
    best = Math.max(best, inter / Math.max(1, union));
  }
  return best;
}

/** Each template's centroid in shape units, relative to its centre (a triangle's is below it). */
const MODE_CENTROIDS: readonly (readonly [number, number])[] = MODES.map((m) => {
  let su = 0;
  let sv = 0;
  let count = 0;
  for (let v = -2; v < 2; v += 0.02)
    for (let u = -2; u < 2; u += 0.02)
      if (m.inside(u, v)) {
        su += u;
        sv += v;
        count++;
      }
  return [su / count, sv / count] as const;
});

/** How many images fall in each mode, and how many in none. */
export function modeCoverage(images: readonly Uint8Array[]): {
  counts: number[];
  rejected: number;
} {
  const counts = new Array<number>(MODE_COUNT).fill(0);
  let rejected = 0;
  for (const image of images) {
    const mode = classifyMode(image);
    if (mode === null) rejected++;
    else counts[mode]!++;
  }
  return { counts, rejected };
}
