import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { windowGeometry } from './keras-layer-ops';
import { kerasToOnnx, type KerasLayer } from './keras-to-onnx';
import { encodeOnnxModel } from './onnx-proto-writer';

const layer = (
  name: string,
  className: string,
  config: Record<string, unknown>,
  inputs: string[],
): KerasLayer => ({
  name,
  class_name: className,
  config: { name, ...config },
  inbound_nodes: inputs.length ? [inputs.map((i) => [i, 0, 0, {}])] : [],
});
const w = (shape: number[], values: number[]) => ({ shape, data: Float32Array.from(values) });

async function run(
  layers: KerasLayer[],
  weights: Map<string, ReturnType<typeof w>>,
  input: number[],
  dims: number[],
) {
  const bytes = encodeOnnxModel(
    kerasToOnnx({
      layers,
      weights,
      inputName: 'image',
      graphName: 't',
      outputs: [{ layer: layers.at(-1)!.name, name: 'out' }],
    }),
  );
  const session = await ort.InferenceSession.create(bytes);
  const result = await session.run({
    image: new ort.Tensor('float32', Float32Array.from(input), dims),
  });
  await session.release();
  return Array.from(result.out!.data as Float32Array);
}

describe('Keras layers → ONNX', () => {
  it("pads 'same' windows as TensorFlow does (odd pixel at the bottom/right)", () => {
    expect(windowGeometry(4, 4, [3, 3], [2, 2], 'same')).toEqual({
      outH: 2,
      outW: 2,
      pads: [0, 0, 1, 1],
    });
    expect(windowGeometry(35, 35, [3, 3], [1, 1], 'same')).toEqual({
      outH: 35,
      outW: 35,
      pads: [1, 1, 1, 1],
    });
    expect(windowGeometry(299, 299, [3, 3], [2, 2], 'valid')).toEqual({
      outH: 149,
      outW: 149,
      pads: [0, 0, 0, 0],
    });
  });

  it("averages 'same' pools over the pixels inside the image only", async () => {
    const layers = [
      layer('in', 'InputLayer', { batch_input_shape: [null, 3, 3, 1] }, []),
      layer('pool', 'AveragePooling2D', { pool_size: [3, 3], strides: [1, 1], padding: 'same' }, [
        'in',
      ]),
      layer('flat', 'Flatten', {}, ['pool']),
    ];
    const out = await run(layers, new Map(), [1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    // Corner: mean of 1, 2, 4, 5 = 3 (TensorFlow), not 12/9 (zero padding counted). Centre: 5.
    expect(out[0]).toBeCloseTo(3, 6);
    expect(out[1]).toBeCloseTo((1 + 2 + 3 + 4 + 5 + 6) / 6, 6);
    expect(out[4]).toBeCloseTo(5, 6);
  });

  it('folds batch norm into the convolution and flattens in Keras (H, W, C) order', async () => {
    const layers = [
      layer('in', 'InputLayer', { batch_input_shape: [null, 1, 2, 2] }, []),
      layer(
        'conv',
        'Conv2D',
        {
          kernel_size: [1, 1],
          strides: [1, 1],
          padding: 'valid',
          data_format: 'channels_last',
          dilation_rate: [1, 1],
          activation: 'linear',
          use_bias: false,
        },
        ['in'],
      ),
      layer('bn', 'BatchNormalization', { epsilon: 1, center: true, scale: false }, ['conv']),
      layer('act', 'Activation', { activation: 'relu' }, ['bn']),
      layer('flat', 'Flatten', {}, ['act']),
    ];
    // Kernel [1,1,2,2]: out0 = 2·in0, out1 = 2·in1; BN: (y − 1)/√(3 + 1) + 0.5 = y/2 → identity.
    const weights = new Map([
      ['conv/kernel', w([1, 1, 2, 2], [2, 0, 0, 2])],
      ['bn/moving_mean', w([2], [1, 1])],
      ['bn/moving_variance', w([2], [3, 3])],
      ['bn/beta', w([2], [0.5, 0.5])],
    ]);
    // NCHW input: channel 0 = [1, -2], channel 1 = [3, 4] → Keras flatten: (x0c0, x0c1, x1c0, x1c1).
    const out = await run(layers, weights, [1, -2, 3, 4], [1, 2, 1, 2]);
    expect(out.map((v) => Number(v.toFixed(5)))).toEqual([1, 3, 0, 4]);
  });

  it('refuses layer kinds it does not know, by name', () => {
    const layers = [
      layer('in', 'InputLayer', { batch_input_shape: [null, 3, 3, 1] }, []),
      layer('up', 'UpSampling2D', {}, ['in']),
    ];
    expect(() =>
      kerasToOnnx({ layers, weights: new Map(), inputName: 'image', graphName: 't', outputs: [] }),
    ).toThrow(/layer up is a UpSampling2D, not supported/);
  });
});
