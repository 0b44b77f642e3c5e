import type { NetLayer, NetSpec } from './net-spec';

/**
 * The autoregressive families' networks.
 *
 * PixelCNN: pixelInput (mask A), `blocks` gated blocks (mask B), pixelOutput; image in [-1, 1] →
 * logits [C·256, H, W]. With 3×3 kernels each of the blocks + 1 layers reaches one row up and
 * one column to each side, and the v → h link one more row up: `pixelReach` says how far, which
 * is what the sampler's windows must include.
 *
 * Text: one-hot tokens [T, V] → embedding + positions → `layers` pre-norm blocks (attention, GELU
 * MLP of 4·width, residuals) → layer norm → logits [T, V].
 */
export interface PixelCnnShape {
  size: number;
  channels: 1 | 3;
  filters: number;
  blocks: number;
  levels?: number;
}

export const PIXEL_KERNEL = 3;
export const LEVELS = 256;

export function pixelCnn(s: PixelCnnShape): NetSpec {
  const layers: NetLayer[] = [{ kind: 'pixelInput', filters: s.filters, kernel: PIXEL_KERNEL }];
  for (let i = 0; i < s.blocks; i++)
    layers.push({ kind: 'gatedPixel', kernel: PIXEL_KERNEL, colours: s.channels });
  layers.push({
    kind: 'pixelOutput',
    hidden: 4 * s.filters,
    levels: s.levels ?? LEVELS,
    colours: s.channels,
  });
  return {
    input: { kind: 'image', channels: s.channels, height: s.size, width: s.size },
    layers,
    init: 'glorot',
  };
}

/** How far a PixelCNN output reads: rows up, columns to each side (its receptive field). */
export function pixelReach(spec: NetSpec): { up: number; side: number } {
  const convs = spec.layers.filter((l) => l.kind === 'pixelInput' || l.kind === 'gatedPixel');
  const k = convs.reduce((m, l) => Math.max(m, l.kernel), 1);
  const half = Math.floor(k / 2);
  return { up: convs.length * half + 1, side: convs.length * half };
}

export interface TextNetShape {
  vocab: number;
  context: number;
  width: number;
  layers: number;
  heads: number;
}

export function textTransformer(s: TextNetShape): NetSpec {
  const layers: NetLayer[] = [{ kind: 'embedding', dim: s.width }, { kind: 'positionEmbedding' }];
  const norm = { kind: 'layerNorm', epsilon: 1e-5 } as const;
  for (let i = 0; i < s.layers; i++)
    layers.push(
      { kind: 'save', slot: 'residual' },
      norm,
      { kind: 'causalSelfAttention', heads: s.heads },
      { kind: 'add', slot: 'residual' },
      { kind: 'save', slot: 'residual' },
      norm,
      { kind: 'tokenDense', units: 4 * s.width },
      { kind: 'gelu' },
      { kind: 'tokenDense', units: s.width },
      { kind: 'add', slot: 'residual' },
    );
  layers.push(norm, { kind: 'tokenDense', units: s.vocab });
  return {
    input: { kind: 'sequence', length: s.context, features: s.vocab },
    layers,
    init: 'glorot',
  };
}
