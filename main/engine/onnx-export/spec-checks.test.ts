import { describe, expect, it } from 'vitest';
import { StudioError } from '../../contract/channels';
import type { GeneratorSpec, GeneratorWeights } from '../nets/generator-spec';
import { exportGeneratorOnnx } from './export-generator';
import { randomWeights } from './test-support/random-specs';

const spec: GeneratorSpec = {
  latentDim: 8,
  layers: [
    { kind: 'dense', units: 4 * 4 * 2 },
    { kind: 'reshape', height: 4, width: 4, channels: 2 },
    { kind: 'conv', filters: 3, kernel: 3 },
    { kind: 'tanh' },
  ],
  output: { height: 4, width: 4, channels: 3, range: [-1, 1] },
};
const weights = randomWeights(spec, 5);
const t = (...shape: number[]) => ({
  shape,
  data: new Float32Array(shape.reduce((a, d) => a * d, 1)),
});

function rejects(s: GeneratorSpec, w: GeneratorWeights, message: RegExp): void {
  let err: unknown;
  try {
    exportGeneratorOnnx(s, w, { modelName: 'x' });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(StudioError);
  expect((err as StudioError).code).toBe('BAD_REQUEST');
  expect((err as StudioError).message).toMatch(message);
}

describe('exportGeneratorOnnx refuses specs and weights that do not fit, naming the layer', () => {
  it('wrong, missing, unknown and short weights', () => {
    rejects(
      spec,
      { ...weights, 0: { ...weights[0], kernel: t(8, 31) } },
      /layer 0 \(dense\): kernel has shape \[8,31\], expected \[8,32\]/,
    );
    rejects(spec, { ...weights, 2: { bias: t(3) } }, /layer 2 \(conv\): missing weight "kernel"/);
    rejects(spec, { ...weights, 2: { ...weights[2], biases: t(3) } }, /unexpected weight "biases"/);
    rejects(spec, { ...weights, 3: { kernel: t(1) } }, /layer 3 \(tanh\): takes no weights/);
    rejects(
      spec,
      { ...weights, 0: { ...weights[0], bias: { shape: [32], data: new Float32Array(3) } } },
      /3 values for shape \[32\]/,
    );
  });

  it('layers in an impossible order or a wrong output', () => {
    rejects(
      { ...spec, layers: [{ kind: 'conv', filters: 3, kernel: 3 }] },
      {},
      /needs an image input/,
    );
    rejects(
      { ...spec, layers: [spec.layers[0]!, { kind: 'reshape', height: 4, width: 4, channels: 3 }] },
      weights,
      /cannot reshape 32 into 4x4x3/,
    );
    rejects(
      { ...spec, output: { ...spec.output, width: 8 } },
      weights,
      /produce 4x4x3, but output says 4x8x3/,
    );
    rejects(
      { ...spec, output: { ...spec.output, range: [0, 1] } },
      weights,
      /range \[-1, 1\].*\[0, 1\]/,
    );
  });
});
