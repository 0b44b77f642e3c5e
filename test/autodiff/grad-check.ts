import type * as TF from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { compileGraph } from '../../main/engine/autodiff/compiled-graph';
import { OnnxOps } from '../../main/engine/autodiff/onnx-ops';
import type { Ops } from '../../main/engine/autodiff/ops';
import { TfjsOps } from '../../main/engine/autodiff/tfjs-ops';
import type { NpyArray } from '../../main/engine/metrics/npy';
import { maxRelativeError } from './tolerance';

/**
 * One gradient case against its PyTorch autograd fixture: `<name>.<input>` float inputs (and
 * `ints`, int64 on ONNX / int32 on tfjs), the cotangent `<name>.r`, the value `<name>.y` and
 * `<name>.grad.<input>`. The loss is sum(y · r), so the gradients are the vector–Jacobian products
 * PyTorch's autograd recorded.
 */
export interface GradCheck {
  name: string;
  inputs: string[];
  ints?: string[];
  build<T>(o: Ops<T>, i: Record<string, T>): T;
  array: (key: string) => NpyArray;
}

const f32 = (a: NpyArray) => Float32Array.from(a.data);

function expectMatches(
  c: GradCheck,
  y: Float32Array,
  grad: (k: string, i: number) => Float32Array,
) {
  expect(maxRelativeError(y, c.array(`${c.name}.y`).data)).toBeLessThan(1e-4);
  c.inputs.forEach((k, i) =>
    expect(
      maxRelativeError(grad(k, i), c.array(`${c.name}.grad.${k}`).data),
      `gradient of ${k}`,
    ).toBeLessThan(1e-4),
  );
}

/** The case compiled to one ONNX graph (value and gradients) and run by onnxruntime. */
export async function checkOnOnnxruntime(c: GradCheck): Promise<void> {
  const { name, array } = c;
  const o = new OnnxOps();
  const inputs: Record<string, ReturnType<typeof o.g.input>> = {};
  for (const k of c.inputs) inputs[k] = o.g.input(`in_${k}`, array(`${name}.${k}`).shape);
  for (const k of c.ints ?? [])
    inputs[k] = o.g.input(`in_${k}`, array(`${name}.${k}`).shape, 'int64');
  const r = o.g.input('cotangent', array(`${name}.r`).shape);
  const y = c.build(o, inputs);
  const loss = o.sum(o.mul(y, r), [...y.shape.keys()]);
  const grads = o.g.gradients(
    loss,
    c.inputs.map((k) => inputs[k]!),
  );
  o.g.output('y', y);
  grads.forEach((gr, k) => o.g.output(`grad_${c.inputs[k]}`, gr));
  const graph = await compileGraph(o.g.encode(name), { threads: 1 });
  const feeds: Record<string, { data: Float32Array | BigInt64Array; dims: readonly number[] }> = {
    cotangent: { data: f32(array(`${name}.r`)), dims: array(`${name}.r`).shape },
  };
  for (const k of c.inputs)
    feeds[`in_${k}`] = { data: f32(array(`${name}.${k}`)), dims: array(`${name}.${k}`).shape };
  for (const k of c.ints ?? [])
    feeds[`in_${k}`] = {
      data: BigInt64Array.from(array(`${name}.${k}`).data, (v) => BigInt(v)),
      dims: array(`${name}.${k}`).shape,
    };
  const outputs: Record<string, { data: Float32Array; dims: readonly number[] }> = {
    // The graph's own shape: numpy stores a scalar as [1], the graph computes it as [].
    y: { data: new Float32Array(array(`${name}.y`).data.length), dims: y.shape.map(Number) },
  };
  for (const k of c.inputs) {
    const ref = array(`${name}.grad.${k}`);
    outputs[`grad_${k}`] = { data: new Float32Array(ref.data.length), dims: ref.shape };
  }
  await graph.run(feeds, outputs);
  await graph.dispose();
  expectMatches(c, outputs.y!.data, (k) => outputs[`grad_${k}`]!.data);
}

/** The same case eagerly on tfjs (valueAndGrads). */
export function checkOnTfjs(c: GradCheck, tf: typeof TF): void {
  const { name, array } = c;
  const o = new TfjsOps(tf);
  tf.tidy(() => {
    const ints: Record<string, TF.Tensor> = {};
    for (const k of c.ints ?? [])
      ints[k] = tf.tensor(
        Int32Array.from(array(`${name}.${k}`).data),
        array(`${name}.${k}`).shape,
        'int32',
      );
    const params = c.inputs.map((k) =>
      tf.tensor(f32(array(`${name}.${k}`)), array(`${name}.${k}`).shape),
    );
    const r = tf.tensor(f32(array(`${name}.r`)), array(`${name}.r`).shape);
    let yValue = new Float32Array(0);
    const { grads } = o.valueAndGrads((ps) => {
      const named: Record<string, TF.Tensor> = { ...ints };
      c.inputs.forEach((k, i) => (named[k] = ps[i]!));
      const y = c.build(o, named);
      yValue = Float32Array.from(y.dataSync());
      return { value: tf.sum(tf.mul(y, r)) };
    }, params);
    expectMatches(c, yValue, (_k, i) => grads[i]!.dataSync() as Float32Array);
  });
}
