import type { NetLayer, NetSpec } from './net-spec';

/**
 * The diffusion family's denoiser: a small U-Net in the shape of diffusers' UNet2DModel, as a
 * layer program. Input the noisy sample [C, H, W] in [-1, 1]; extra input "t", the timestep
 * ([N, 1], float: 0 … T−1); output the prediction (noise or v) of the sample's shape.
 *
 *   t → sinusoidal(width) → dense 4w → silu → dense 4w  (the embedding every resBlock reads)
 *   conv 3×3 → per level: resBlock (+ attention at 8×8 and below), keep the skip, downsample
 *   (stride-2 conv 3×3, diffusers' Downsample2D) → middle: resBlock, attention, resBlock →
 *   per level back up: join the skip, resBlock (+ attention), nearest ×2 + conv 3×3 →
 *   group norm, silu, conv 3×3 to C channels.
 *
 * Widths per level: w, 2w, 2w at 32 px (w, 2w, 2w, 2w at 64 px; w, 2w at 16 px, for tests).
 * One resBlock per level each way keeps it small enough for a CPU (about 0.15 GFLOP per 32 px
 * image forward at w = 32).
 */
export interface UnetShape {
  size: 16 | 32 | 64;
  channels: 1 | 3;
  /** Base width (channels of the first level). */
  width: number;
}

/** Attention where the maps are this small or smaller (8×8: 64 tokens). */
export const ATTENTION_MAX_SIDE = 8;

function multipliers(size: UnetShape['size']): number[] {
  return { 16: [1, 2], 32: [1, 2, 2], 64: [1, 2, 2, 2] }[size];
}

/** Groups of the group norms: 8, fewer when a width does not split into 8 groups of 2+ channels. */
export function normGroups(width: number): number {
  for (const g of [8, 4, 2]) if (width % g === 0 && width / g >= 2) return g;
  return 1;
}

export function unetDenoiser(s: UnetShape): NetSpec {
  const w = s.width;
  const groups = normGroups(w);
  const temb = 4 * w;
  const block = (filters: number): NetLayer => ({
    kind: 'resBlock',
    filters,
    groups,
    temb: 'temb',
  });
  const attention: NetLayer = { kind: 'attention', groups, heads: 1 };
  const layers: NetLayer[] = [
    { kind: 'save', slot: 'sample' },
    { kind: 'load', slot: 't' },
    { kind: 'timestepEmbedding', dim: w },
    { kind: 'dense', units: temb },
    { kind: 'silu' },
    { kind: 'dense', units: temb },
    { kind: 'save', slot: 'temb' },
    { kind: 'load', slot: 'sample' },
    { kind: 'conv', filters: w, kernel: 3, stride: 1, pad: 1 },
  ];
  const mults = multipliers(s.size);
  let side = s.size;
  mults.forEach((m, level) => {
    layers.push(block(m * w));
    if (side <= ATTENTION_MAX_SIDE) layers.push(attention);
    layers.push({ kind: 'save', slot: `skip${level}` });
    if (level < mults.length - 1) {
      layers.push({ kind: 'conv', filters: m * w, kernel: 3, stride: 2, pad: 1 });
      side /= 2;
    }
  });
  const deepest = mults[mults.length - 1]! * w;
  layers.push(block(deepest), attention, block(deepest));
  for (let level = mults.length - 1; level >= 0; level--) {
    const c = mults[level]! * w;
    layers.push({ kind: 'concat', slot: `skip${level}` }, block(c));
    if (side <= ATTENTION_MAX_SIDE) layers.push(attention);
    if (level > 0) {
      layers.push(
        { kind: 'upsample', factor: 2 },
        { kind: 'conv', filters: mults[level - 1]! * w, kernel: 3, stride: 1, pad: 1 },
      );
      side *= 2;
    }
  }
  layers.push(
    { kind: 'groupnorm', groups, epsilon: 1e-5 },
    { kind: 'silu' },
    { kind: 'conv', filters: s.channels, kernel: 3, stride: 1, pad: 1 },
  );
  return {
    input: { kind: 'image', channels: s.channels, height: s.size, width: s.size },
    extraInputs: { t: { kind: 'vector', size: 1 } },
    layers,
    init: 'glorot',
  };
}
