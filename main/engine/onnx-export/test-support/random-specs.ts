/**
 * TEST-ONLY generator specs with seeded random weights, covering what the exporter must handle:
 * folded and unfolded batch norm, relu/leakyrelu, tanh/sigmoid outputs, odd and even kernels
 * (asymmetric 'same' padding), RGB and grayscale, a dense->reshape and a z->reshape (transpose) path.
 */
import type { GeneratorLayer, GeneratorSpec, GeneratorWeights } from '../../nets/generator-spec';
import { traceSpecShapes } from '../../nets/spec-shapes';
import { createRng } from '../../latent/prng';

export interface SpecCase {
  label: string;
  spec: GeneratorSpec;
  weights: GeneratorWeights;
}

/** He-scaled normal kernels keep activations O(1), so 1e-4 is a meaningful tolerance at the output. */
export function randomWeights(spec: GeneratorSpec, seed: number): GeneratorWeights {
  const rng = createRng(seed);
  const t = (shape: number[], f: () => number) => {
    const data = new Float32Array(shape.reduce((a, d) => a * d, 1));
    for (let i = 0; i < data.length; i++) data[i] = f();
    return { shape, data };
  };
  const normal =
    (scale: number, shift = 0) =>
    () =>
      shift + scale * rng.nextNormal();
  const weights: GeneratorWeights = {};
  let inUnits = spec.latentDim;
  let channels = 0;
  for (const [i, layer] of spec.layers.entries()) {
    if (layer.kind === 'dense') {
      weights[i] = {
        kernel: t([inUnits, layer.units], normal(Math.sqrt(2 / inUnits))),
        bias: t([layer.units], normal(0.1)),
      };
      inUnits = layer.units;
    } else if (layer.kind === 'reshape') channels = layer.channels;
    else if (layer.kind === 'conv') {
      const fanIn = layer.kernel * layer.kernel * channels;
      weights[i] = {
        kernel: t(
          [layer.kernel, layer.kernel, channels, layer.filters],
          normal(Math.sqrt(2 / fanIn)),
        ),
        bias: t([layer.filters], normal(0.1)),
      };
      channels = layer.filters;
    } else if (layer.kind === 'depthToSpace') channels /= layer.block * layer.block;
    else if (layer.kind === 'batchnorm') {
      const c = [channels || inUnits];
      weights[i] = {
        gamma: t(c, normal(0.2, 1)),
        beta: t(c, normal(0.1)),
        movingMean: t(c, normal(0.2)),
        movingVariance: t(c, () => 0.5 + rng.nextFloat()),
      };
    }
  }
  traceSpecShapes(spec, weights); // the bookkeeping above is simple; make sure it fits
  return weights;
}

const up = (filters: number, act: GeneratorLayer, kernel = 3): GeneratorLayer[] => [
  { kind: 'conv', filters: filters * 4, kernel },
  { kind: 'batchnorm', epsilon: 1e-3 },
  act,
  { kind: 'depthToSpace', block: 2 },
];
const relu: GeneratorLayer = { kind: 'relu' };
const leaky: GeneratorLayer = { kind: 'leakyrelu', alpha: 0.2 };

export function specCases(): SpecCase[] {
  const rgb32: GeneratorSpec = {
    latentDim: 64,
    layers: [
      { kind: 'dense', units: 4 * 4 * 32 },
      { kind: 'batchnorm', epsilon: 1e-3 },
      relu,
      { kind: 'reshape', height: 4, width: 4, channels: 32 },
      ...up(16, relu),
      ...up(8, relu),
      ...up(8, relu),
      { kind: 'conv', filters: 3, kernel: 3 },
      { kind: 'tanh' },
    ],
    output: { height: 32, width: 32, channels: 3, range: [-1, 1] },
  };
  const rgb64: GeneratorSpec = {
    latentDim: 32,
    layers: [
      { kind: 'dense', units: 4 * 4 * 16 },
      leaky,
      { kind: 'batchnorm', epsilon: 1e-5 },
      { kind: 'reshape', height: 4, width: 4, channels: 16 },
      ...up(16, leaky, 4),
      ...up(8, leaky),
      ...up(8, leaky, 5),
      ...up(4, leaky, 2),
      { kind: 'conv', filters: 3, kernel: 3 },
      { kind: 'sigmoid' },
    ],
    output: { height: 64, width: 64, channels: 3, range: [0, 1] },
  };
  const gray: GeneratorSpec = {
    latentDim: 4 * 4 * 8,
    layers: [
      { kind: 'reshape', height: 4, width: 4, channels: 8 },
      relu,
      { kind: 'batchnorm', epsilon: 1e-3 },
      ...up(8, relu),
      ...up(4, relu),
      ...up(4, leaky),
      { kind: 'conv', filters: 1, kernel: 3 },
      { kind: 'tanh' },
    ],
    output: { height: 32, width: 32, channels: 1, range: [-1, 1] },
  };
  return [
    { label: '32x32 RGB, dense+bn+relu, tanh', spec: rgb32, weights: randomWeights(rgb32, 1) },
    {
      label: '64x64 RGB, leakyrelu, unfolded bn, even kernels, sigmoid',
      spec: rgb64,
      weights: randomWeights(rgb64, 2),
    },
    {
      label: '32x32 grayscale, z reshaped directly (transpose path), tanh',
      spec: gray,
      weights: randomWeights(gray, 3),
    },
  ];
}
