import type { Ops } from '../autodiff/ops';
import { layerDef } from './layers/registry';
import type { NetSpec } from './net-spec';

/**
 * The one forward pass of a NetSpec, written against Ops: the ONNX compiler, tfjs and the ONNX
 * exporter all run this function, so the runtimes cannot disagree about what a layer means.
 * In 'train' mode batch norm uses the batch's statistics and reports them (for the running
 * averages); in 'infer' mode it uses the running statistics.
 */
export interface RunOptions<T> {
  mode: 'train' | 'infer';
  /** Batch statistics of each batch-norm layer in 'train' mode (mean and biased variance). */
  onBatchStats?: (layer: number, mean: T, variance: T) => void;
  /** Values of spec.extraInputs by name. */
  inputs?: Record<string, T>;
}

export function runNet<T>(
  o: Ops<T>,
  spec: NetSpec,
  param: (name: string) => T,
  input: T,
  options: RunOptions<T>,
): T {
  const slots = new Map<string, T>(Object.entries(options.inputs ?? {}));
  for (const name of Object.keys(spec.extraInputs ?? {}))
    if (!slots.has(name)) throw new Error(`The network needs an input named ${name}.`);
  let x = input;
  spec.layers.forEach((layer, index) => {
    const ctx = {
      o,
      index,
      mode: options.mode,
      slots,
      ...(options.onBatchStats && { onBatchStats: options.onBatchStats }),
    };
    x = layerDef(layer).apply(layer, x, (name) => param(`${index}.${name}`), ctx);
  });
  return x;
}
