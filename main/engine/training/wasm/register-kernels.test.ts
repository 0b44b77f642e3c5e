import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackend, relativeMaxDiff, seeded } from './test-helpers';
import { wasmTrainingTf } from './wasm-runtime';

type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];
// [batch, height, width, inChannels, outChannels, kernel, stride, pad]: odd sizes on purpose.
const cases: [number, number, number, number, number, number, number, Pad][] = [
  [1, 5, 5, 1, 1, 1, 1, 'valid'],
  [1, 7, 9, 3, 4, 3, 1, 'same'],
  [8, 9, 7, 5, 16, 3, 2, 'same'],
  [8, 10, 10, 16, 8, 4, 2, 'same'],
  [2, 11, 13, 4, 6, 5, 2, 'valid'],
  [8, 8, 8, 16, 16, 3, 1, 'valid'],
  [3, 12, 12, 2, 3, 5, 1, 'same'],
  [2, 9, 9, 3, 2, 4, 2, 'valid'],
  [1, 6, 6, 2, 2, 3, 1, 1],
  [2, 10, 11, 3, 4, 3, 3, 'same'],
  [
    2,
    7,
    7,
    3,
    5,
    3,
    2,
    [
      [0, 0],
      [1, 2],
      [2, 0],
      [0, 0],
    ],
  ],
];

let tf: typeof TF;
beforeAll(async () => {
  tf = await wasmTrainingTf();
});

function convShapes(c: (typeof cases)[number]) {
  const [n, h, w, ci, co, k, s, pad] = c;
  const info = tf.backend_util.computeConv2DInfo([n, h, w, ci], [k, k, ci, co], s, 1, pad);
  return { xShape: [n, h, w, ci], fShape: [k, k, ci, co], dyShape: info.outShape, s, pad };
}

describe('wasm conv gradient kernels match the cpu backend', () => {
  it.each(cases)('N%i %ix%i %i→%i k%i s%i pad %j', async (...c) => {
    const { xShape, fShape, dyShape, s, pad } = convShapes(c);
    const x = seeded(
      1,
      xShape.reduce((a, b) => a * b),
    );
    const f = seeded(
      2,
      fShape.reduce((a, b) => a * b),
    );
    const dy = seeded(
      3,
      dyShape.reduce((a, b) => a * b),
    );
    const attrs = { strides: s, pad, dataFormat: 'NHWC' } as unknown as TF.NamedAttrMap;
    const both = () => [
      tf
        .engine()
        .runKernel<TF.Tensor>(
          'Conv2DBackpropFilter',
          { x: tf.tensor(x, xShape), dy: tf.tensor(dy, dyShape) },
          { ...attrs, filterShape: fShape },
        ),
      tf
        .engine()
        .runKernel<TF.Tensor>(
          'Conv2DBackpropInput',
          { dy: tf.tensor(dy, dyShape), filter: tf.tensor(f, fShape) },
          { ...attrs, inputShape: xShape },
        ),
    ];
    const [refW, refX] = await onBackend(tf, 'cpu', both);
    const [gotW, gotX] = await onBackend(tf, 'wasm', both);
    expect(relativeMaxDiff(refW!, gotW!)).toBeLessThanOrEqual(1e-4);
    expect(relativeMaxDiff(refX!, gotX!)).toBeLessThanOrEqual(1e-4);
  });

  it('leaves no tensors or wasm buffers behind', async () => {
    await tf.setBackend('wasm');
    const { xShape, fShape, dyShape, s, pad } = convShapes(cases[3]!);
    const x = tf.tensor(
      seeded(
        4,
        xShape.reduce((a, b) => a * b),
      ),
      xShape,
    );
    const f = tf.tensor(
      seeded(
        5,
        fShape.reduce((a, b) => a * b),
      ),
      fShape,
    );
    const dy = tf.tensor(
      seeded(
        6,
        dyShape.reduce((a, b) => a * b),
      ),
      dyShape,
    );
    const tensors = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    for (let i = 0; i < 3; i++) {
      const attrs = { strides: s, pad, dataFormat: 'NHWC' } as unknown as TF.NamedAttrMap;
      const dw = tf
        .engine()
        .runKernel<TF.Tensor>('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: fShape });
      const dx = tf
        .engine()
        .runKernel<TF.Tensor>(
          'Conv2DBackpropInput',
          { dy, filter: f },
          { ...attrs, inputShape: xShape },
        );
      expect(tf.backend().numDataIds()).toBe(buffers + 2);
      tf.dispose([dw, dx]);
    }
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(buffers);
    tf.dispose([x, f, dy]);
  });
});
