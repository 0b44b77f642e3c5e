import type * as TF from '@tensorflow/tfjs';

/**
 * What a data-parallel replica computes: the gradient of a mean-over-samples loss for one shard.
 * The same task object runs in a worker (data-parallel.ts) or in-process (runLocal), which is how
 * the tests check that sharding does not change the gradient.
 *
 * The loss must be a mean of per-sample terms: then the batch gradient is the shard gradients
 * weighted by shard size. Batch-norm statistics break that (each shard normalises with its own
 * statistics, like unsynchronised BN on GPUs): fine for training, not bit-equal to one replica.
 */
export interface GradTask {
  /** Shapes of the trainable parameters, in the order of the flat parameter vector. */
  paramShapes: number[][];
  /** Per-sample shapes of the batch inputs (e.g. [[32,32,3],[64]] for images and latents). */
  inputShapes: number[][];
  /** Loss and its gradients (same order as params) for a shard of `count` samples. */
  grads(params: TF.Tensor[], inputs: TF.Tensor[]): { loss: TF.Scalar; grads: TF.Tensor[] };
}

export type GradTaskFactory = (tf: typeof TF, config: unknown) => GradTask;

/**
 * The general form a worker serves: per step, read the shared parameters, compute on a shard of
 * `count` samples, write results into this worker's shared slot (gradients scaled by `weight` =
 * count / batch, so slots sum to the batch mean) and return weighted scalars (losses).
 * `phase` lets one replica serve several computations (the GAN's critic and generator passes).
 */
export interface ShardTask {
  paramCount: number;
  /** Floats in each worker's output slot (at least the gradient vector). */
  slotSize: number;
  run(
    params: Float32Array,
    inputs: Float32Array[],
    count: number,
    weight: number,
    phase: string,
    slot: Float32Array,
  ): number[];
}
export type ShardTaskFactory = (tf: typeof TF, config: unknown) => ShardTask;

/** A GradTask served as a ShardTask: one phase, the slot is the gradient vector. */
export function gradTaskAsShardTask(tf: typeof TF, task: GradTask): ShardTask {
  const size = paramCount(task);
  return {
    paramCount: size,
    slotSize: size,
    run: (params, inputs, count, weight, _phase, slot) => [
      runShard(tf, task, params, inputs, count, weight, slot),
    ],
  };
}

export const sizeOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

export function paramCount(task: GradTask): number {
  return task.paramShapes.reduce((n, s) => n + sizeOf(s), 0);
}

/** Splits a flat parameter vector into tensors (copies into the backend). */
export function unflatten(tf: typeof TF, task: GradTask, flat: Float32Array): TF.Tensor[] {
  let offset = 0;
  return task.paramShapes.map((shape) => {
    const size = sizeOf(shape);
    const t = tf.tensor(flat.subarray(offset, offset + size), shape);
    offset += size;
    return t;
  });
}

/**
 * Runs the task on `count` samples and writes its gradients, scaled by `weight`, into `out`
 * (weight = count / batch, so summing the shards' outputs gives the batch's mean gradient).
 */
export function runShard(
  tf: typeof TF,
  task: GradTask,
  params: Float32Array,
  inputs: Float32Array[],
  count: number,
  weight: number,
  out: Float32Array,
): number {
  const ps = unflatten(tf, task, params);
  const xs = inputs.map((data, i) => tf.tensor(data, [count, ...task.inputShapes[i]!]));
  const { loss, grads } = tf.tidy(() => task.grads(ps, xs));
  let offset = 0;
  for (const g of grads) {
    const values = g.dataSync();
    for (let i = 0; i < values.length; i++) out[offset + i] = values[i]! * weight;
    offset += values.length;
  }
  const lossValue = loss.dataSync()[0]! * weight;
  tf.dispose([...ps, ...xs, ...grads, loss]);
  return lossValue;
}

/** The single-thread baseline: the whole batch in this thread, same arithmetic as one worker. */
export function runLocal(
  tf: typeof TF,
  task: GradTask,
  params: Float32Array,
  inputs: Float32Array[],
  count: number,
) {
  const grads = new Float32Array(paramCount(task));
  const loss = runShard(tf, task, params, inputs, count, 1, grads);
  return { loss, grads };
}
