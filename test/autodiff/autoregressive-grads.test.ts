import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../main/engine/autodiff/compiled-graph';
import { OnnxOps } from '../../main/engine/autodiff/onnx-ops';
import { TfjsOps } from '../../main/engine/autodiff/tfjs-ops';
import type { NpyArray } from '../../main/engine/metrics/npy';
import { readNpz } from '../../main/engine/metrics/npz';
import { trainingRuntime } from '../../main/engine/training/training-runtime';
import { AUTOREGRESSIVE_CASES } from './autoregressive-cases';
import { maxRelativeError } from './tolerance';

/**
 * The autoregressive layer kinds (gated PixelCNN with masked convs, transformer layers) and losses:
 * value and every gradient, compiled to ONNX (onnxruntime) and on tfjs, against PyTorch autograd
 * (scripts/autodiff/make_autoregressive_grad_fixtures.py) to 1e-4 relative.
 */
const FIXTURE = join(__dirname, '../fixtures/autodiff/autoregressive-grads.npz');
let fixture: Map<string, NpyArray>;
let tf: typeof TF;

function array(key: string): NpyArray {
  const a = fixture.get(key);
  if (!a) throw new Error(`fixture has no ${key}`);
  return a;
}
const f32 = (a: NpyArray) => Float32Array.from(a.data);
const fx = (key: string) => f32(array(key));

beforeAll(async () => {
  fixture = await readNpz(FIXTURE);
  ({ tf } = await trainingRuntime('cpu'));
});

describe.each(Object.keys(AUTOREGRESSIVE_CASES))('%s', (name) => {
  const spec = AUTOREGRESSIVE_CASES[name]!;

  it('matches PyTorch autograd when compiled to ONNX and run by onnxruntime', async () => {
    const o = new OnnxOps();
    const inputs: Record<string, ReturnType<typeof o.g.input>> = {};
    for (const k of spec.inputs) inputs[k] = o.g.input(`in_${k}`, array(`${name}.${k}`).shape);
    const r = o.g.input('cotangent', array(`${name}.r`).shape);
    const y = spec.build(o, inputs, fx);
    const loss = o.sum(o.mul(y, r), [...y.shape.keys()]);
    const grads = o.g.gradients(
      loss,
      spec.inputs.map((k) => inputs[k]!),
    );
    o.g.output('y', y);
    const yShape = y.shape.map(Number);
    grads.forEach((gr, k) => o.g.output(`grad_${spec.inputs[k]}`, gr));
    const graph = await compileGraph(o.g.encode(name), { threads: 1 });
    const feeds: Record<string, { data: Float32Array; dims: readonly number[] }> = {
      cotangent: { data: fx(`${name}.r`), dims: array(`${name}.r`).shape },
    };
    for (const k of spec.inputs)
      feeds[`in_${k}`] = { data: fx(`${name}.${k}`), dims: array(`${name}.${k}`).shape };
    const outputs: Record<string, { data: Float32Array; dims: readonly number[] }> = {
      // The graph's own shape: numpy stores a scalar loss as [1], the graph computes it as [].
      y: { data: new Float32Array(array(`${name}.y`).data.length), dims: yShape },
    };
    for (const k of spec.inputs) {
      const ref = array(`${name}.grad.${k}`);
      outputs[`grad_${k}`] = { data: new Float32Array(ref.data.length), dims: ref.shape };
    }
    await graph.run(feeds, outputs);
    await graph.dispose();
    expect(maxRelativeError(outputs.y!.data, array(`${name}.y`).data)).toBeLessThan(1e-4);
    for (const k of spec.inputs)
      expect(
        maxRelativeError(outputs[`grad_${k}`]!.data, array(`${name}.grad.${k}`).data),
        `gradient of ${k}`,
      ).toBeLessThan(1e-4);
  });

  it('matches PyTorch autograd on tfjs', () => {
    const o = new TfjsOps(tf);
    tf.tidy(() => {
      const params = spec.inputs.map((k) =>
        tf.tensor(fx(`${name}.${k}`), array(`${name}.${k}`).shape),
      );
      const r = tf.tensor(fx(`${name}.r`), array(`${name}.r`).shape);
      let yValue = new Float32Array(0);
      const { grads } = o.valueAndGrads((ps) => {
        const named: Record<string, TF.Tensor> = {};
        spec.inputs.forEach((k, i) => (named[k] = ps[i]!));
        const y = spec.build(o, named, fx);
        yValue = Float32Array.from(y.dataSync());
        return { value: tf.sum(tf.mul(y, r)) };
      }, params);
      expect(maxRelativeError(yValue, array(`${name}.y`).data)).toBeLessThan(1e-4);
      spec.inputs.forEach((k, i) =>
        expect(
          maxRelativeError(grads[i]!.dataSync() as Float32Array, array(`${name}.grad.${k}`).data),
          `gradient of ${k}`,
        ).toBeLessThan(1e-4),
      );
    });
  });
});
