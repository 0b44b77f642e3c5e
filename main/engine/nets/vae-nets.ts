import type { NetLayer, NetSpec } from './net-spec';

/**
 * The VAE's networks. The decoder upsamples by sub-pixel convolution (conv → depth-to-space →
 * conv → BN → relu per doubling), the design the bundled Fashion-MNIST VAE was first trained
 * with (without biases before a batch norm: it removes them, and Adam would turn their zero
 * gradients' rounding noise into full-size steps); the encoder halves the image with 4×4 stride-2 convs and leaky relu down to 4×4, then one
 * dense layer gives the latent mean and log-variance side by side ([N, 2·latentDim]).
 */
export interface VaeShape {
  size: 16 | 32 | 64;
  channels: 1 | 3;
  latentDim: number;
  width: number;
}

// Keras-style running averages (weight 0.01 for the new batch), as the first VAE trained.
const BN = { kind: 'batchnorm', epsilon: 1e-3, momentum: 0.01 } as const;

/** Decoder width at a resolution: wide where maps are small. */
function widthAt(resolution: number, base: number): number {
  if (resolution <= 8) return base * 2;
  if (resolution <= 16) return base;
  return Math.max(8, base / 2);
}

export function vaeDecoder(s: VaeShape): NetSpec {
  const start = widthAt(4, s.width);
  const layers: NetLayer[] = [
    { kind: 'dense', units: 16 * start, bias: false },
    { kind: 'unflatten', channels: start, height: 4, width: 4 },
    BN,
    { kind: 'relu' },
  ];
  for (let res = 8; res <= s.size; res *= 2) {
    const c = widthAt(res, s.width);
    layers.push(
      { kind: 'conv', filters: 4 * c, kernel: 3, stride: 1, pad: 1 },
      { kind: 'depthToSpace', block: 2 },
      { kind: 'conv', filters: c, kernel: 3, stride: 1, pad: 1, bias: false },
      BN,
      { kind: 'relu' },
    );
  }
  layers.push(
    { kind: 'conv', filters: s.channels, kernel: 3, stride: 1, pad: 1 },
    { kind: 'sigmoid' },
  );
  return {
    input: { kind: 'vector', size: s.latentDim },
    layers,
    init: 'glorot',
    outputRange: [0, 1],
  };
}

export function vaeEncoder(s: VaeShape): NetSpec {
  const layers: NetLayer[] = [];
  for (let res = s.size / 2, w = s.width; res >= 4; res /= 2, w = Math.min(w * 2, s.width * 8))
    layers.push(
      { kind: 'conv', filters: w, kernel: 4, stride: 2, pad: 1 },
      { kind: 'leakyrelu', alpha: 0.2 },
    );
  layers.push({ kind: 'flatten' }, { kind: 'dense', units: 2 * s.latentDim });
  return {
    input: { kind: 'image', channels: s.channels, height: s.size, width: s.size },
    layers,
    init: 'glorot',
  };
}
