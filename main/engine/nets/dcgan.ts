import type { NetLayer, NetSpec } from './net-spec';

/**
 * The GAN's networks: the textbook DCGAN (Radford et al. 2016; the PyTorch example), as the
 * reference script scripts/gan-reference/dcgan_reference.py trains it. Transposed convolutions
 * upsample the generator; batch norm in both networks (none on the critic's first layer); no
 * biases before a batch norm, biases on the three outer convolutions; N(0, 0.02) weights.
 *
 * Issue 9 found the earlier sub-pixel generator (chosen for tfjs-wasm speed) overpowering an
 * unnormalised critic and collapsing; with the ONNX runtime transposed convolutions are cheap, so
 * the architecture is chosen for quality (training README, "Why the GAN collapsed").
 */
export interface DcganShape {
  size: 16 | 32 | 64;
  channels: 1 | 3;
  latentDim: number;
  /** Base width (ngf = ndf); 64 is DCGAN's. */
  width: number;
  /**
   * Biases on the three convolutions that feed no batch norm (G's last, D's first and last), as
   * the PyTorch reference has them. Without them the app trailed the reference by 7–12 FID at 600
   * steps, seed for seed (scripts/gan-reference/results/README.md, question 4). False only for
   * runs started before they were added, so those still resume.
   */
  outerBiases: boolean;
}
export interface CriticOptions {
  /** Add a minibatch-stddev channel before the last conv (group size), or 0 for none. */
  minibatchStd: number;
}

const BN = { kind: 'batchnorm', epsilon: 1e-5, momentum: 0.1 } as const;

/** Channel multipliers from 4×4 up: 32 px 4·w, 2·w, w; 64 px 8·w, 4·w, 2·w, w (16 px: tests). */
function multipliers(size: 16 | 32 | 64): number[] {
  return { 16: [2, 1], 32: [4, 2, 1], 64: [8, 4, 2, 1] }[size];
}

export function dcganGenerator(s: DcganShape): NetSpec {
  const mults = multipliers(s.size);
  const layers: NetLayer[] = [
    { kind: 'unflatten', channels: s.latentDim, height: 1, width: 1 },
    {
      kind: 'convTranspose',
      filters: mults[0]! * s.width,
      kernel: 4,
      stride: 1,
      pad: 0,
      bias: false,
    },
    BN,
    { kind: 'relu' },
  ];
  for (const m of mults.slice(1))
    layers.push(
      { kind: 'convTranspose', filters: m * s.width, kernel: 4, stride: 2, pad: 1, bias: false },
      BN,
      { kind: 'relu' },
    );
  layers.push(
    {
      kind: 'convTranspose',
      filters: s.channels,
      kernel: 4,
      stride: 2,
      pad: 1,
      bias: s.outerBiases,
    },
    { kind: 'tanh' },
  );
  return {
    input: { kind: 'vector', size: s.latentDim },
    layers,
    init: 'dcgan',
    outputRange: [-1, 1],
  };
}

export function dcganCritic(s: DcganShape, options: CriticOptions): NetSpec {
  const mults = [...multipliers(s.size)].reverse();
  const layers: NetLayer[] = [
    {
      kind: 'conv',
      filters: mults[0]! * s.width,
      kernel: 4,
      stride: 2,
      pad: 1,
      bias: s.outerBiases,
    },
    { kind: 'leakyrelu', alpha: 0.2 },
  ];
  for (const m of mults.slice(1))
    layers.push(
      { kind: 'conv', filters: m * s.width, kernel: 4, stride: 2, pad: 1, bias: false },
      BN,
      { kind: 'leakyrelu', alpha: 0.2 },
    );
  if (options.minibatchStd > 0)
    layers.push({ kind: 'minibatchStd', groupSize: options.minibatchStd });
  layers.push(
    { kind: 'conv', filters: 1, kernel: 4, stride: 1, pad: 0, bias: s.outerBiases },
    { kind: 'flatten' },
  );
  return {
    input: { kind: 'image', channels: s.channels, height: s.size, width: s.size },
    layers,
    init: 'dcgan',
  };
}
