import type * as TF from '@tensorflow/tfjs';
import type { ParamSet, Tf } from './spec-forward';
import { NON_TRAINABLE } from './spec-forward';

/**
 * Models as flat records of variables under stable names ("g.3.kernel", "d.conv1.bias"). tfjs
 * variable names carry a per-process counter, so optimiser state and checkpoints use these instead.
 */
export type NamedParams = Record<string, TF.Variable>;
export interface StoredTensor {
  shape: number[];
  data: Float32Array;
}

export function flattenParamSet(prefix: string, params: ParamSet): NamedParams {
  const out: NamedParams = {};
  for (const [layer, keys] of Object.entries(params))
    for (const [key, v] of Object.entries(keys)) out[`${prefix}.${layer}.${key}`] = v;
  return out;
}

export function trainable(params: NamedParams): NamedParams {
  const out: NamedParams = {};
  for (const [name, v] of Object.entries(params))
    if (!NON_TRAINABLE.has(name.split('.').pop() ?? '')) out[name] = v;
  return out;
}

export function readParams(params: NamedParams): Record<string, StoredTensor> {
  const out: Record<string, StoredTensor> = {};
  for (const [name, v] of Object.entries(params))
    out[name] = { shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) };
  return out;
}

/** Overwrites variables from stored values; every name must be present with the same shape. */
export function assignParams(
  tf: Tf,
  params: NamedParams,
  stored: Record<string, StoredTensor>,
): void {
  for (const [name, v] of Object.entries(params)) {
    const s = stored[name];
    if (!s) throw new Error(`The checkpoint has no value for ${name}.`);
    if (s.shape.join('x') !== v.shape.join('x'))
      throw new Error(
        `${name} has shape ${s.shape.join('x')} in the checkpoint but ${v.shape.join('x')} in the model.`,
      );
    tf.tidy(() => v.assign(tf.tensor(s.data, v.shape)));
  }
}

/** Gradients of `f` for the given variables, keyed by their stable names, plus f's value. */
export function namedGrads(
  tf: Tf,
  f: () => TF.Scalar,
  params: NamedParams,
): { value: number; grads: Record<string, TF.Tensor> } {
  const entries = Object.entries(params);
  const { value, grads } = tf.variableGrads(
    f,
    entries.map(([, v]) => v),
  );
  const byName: Record<string, TF.Tensor> = {};
  for (const [name, v] of entries) {
    const g = grads[v.name];
    if (g) byName[name] = g;
  }
  const loss = value.dataSync()[0] ?? Number.NaN;
  value.dispose();
  return { value: loss, grads: byName };
}
