import { describe, expect, it } from 'vitest';
import { tfjsRuntime } from '../models/tfjs-backend';
import type { GeneratorSpec } from '../nets/generator-spec';
import { exportGeneratorOnnx } from './export-generator';
import { encodeOnnxModel } from '../onnx/onnx-proto-writer';
import { referenceForward } from './test-support/reference-forward';
import { verifyOnnxExport } from './verify-export';

// z (48 values) reshaped to 2x2x12, then depth-to-space 2 → 4x4x3. No arithmetic, so an exact
// match proves the channel ordering; the latents are all distinct, so any mix-up shows.
const spec: GeneratorSpec = {
  latentDim: 48,
  layers: [
    { kind: 'reshape', height: 2, width: 2, channels: 12 },
    { kind: 'depthToSpace', block: 2 },
  ],
  output: { height: 4, width: 4, channels: 3, range: [-1, 1] },
};

async function forward() {
  const { tf } = await tfjsRuntime();
  return async (z: Float32Array, n: number) => referenceForward(tf, spec, {}, z, n);
}

/** The same graph by hand, with a chosen DepthToSpace mode. */
function withMode(mode: 'DCR' | 'CRD'): Uint8Array {
  return encodeOnnxModel({
    graphName: 'd2s',
    nodes: [
      { opType: 'Reshape', inputs: ['z', 'shape'], outputs: ['nhwc'] },
      {
        opType: 'Transpose',
        inputs: ['nhwc'],
        outputs: ['nchw'],
        attrs: { perm: { ints: [0, 3, 1, 2] } },
      },
      {
        opType: 'DepthToSpace',
        inputs: ['nchw'],
        outputs: ['image'],
        attrs: { blocksize: { i: 2 }, mode: { s: mode } },
      },
    ],
    initializers: [{ name: 'shape', dims: [4], data: BigInt64Array.from([0n, 2n, 2n, 12n]) }],
    inputs: [{ name: 'z', dims: ['N', 48] }],
    outputs: [{ name: 'image', dims: ['N', 3, 4, 4] }],
  });
}

describe('depth-to-space ordering', () => {
  it('tf.depthToSpace (NHWC) equals ONNX DepthToSpace DCR on NCHW, exactly', async () => {
    const result = await verifyOnnxExport(withMode('DCR'), await forward(), spec, {
      samples: 2,
      seed: 1,
    });
    expect(result.maxAbsDiff).toBe(0);
  });

  it('CRD would be wrong, and the verifier notices', async () => {
    await expect(
      verifyOnnxExport(withMode('CRD'), await forward(), spec, { samples: 2, seed: 1 }),
    ).rejects.toThrow(/does not match/);
  });

  it('the exporter uses it (z → reshape → transpose path)', async () => {
    const bytes = exportGeneratorOnnx(spec, {}, { modelName: 'd2s' });
    const result = await verifyOnnxExport(bytes, await forward(), spec, { samples: 3, seed: 9 });
    expect(result.maxAbsDiff).toBe(0);
  });
});
