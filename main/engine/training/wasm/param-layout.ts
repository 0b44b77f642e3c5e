import type * as TF from '@tensorflow/tfjs';
import type { TrainingModels } from '../models';
import { trainable } from '../named-params';
import type { MovingStatUpdate, Tf } from '../spec-forward';

/**
 * How a model's trainable variables sit in one flat Float32Array, identical on the main thread
 * and in every replica because both build their models with createModels from the same setup.
 * A worker's output slot is that gradient vector followed by, for each batch-norm layer of the
 * generator, the shard's batch mean and variance (unweighted: the main thread combines them).
 */
export interface ParamLayout {
  entries: { name: string; shape: number[]; offset: number; size: number }[];
  paramCount: number;
  moments: { layer: number; width: number; offset: number }[];
  slotSize: number;
}

export function paramLayout(m: TrainingModels): ParamLayout {
  let offset = 0;
  const entries = Object.entries(trainable(m.all)).map(([name, v]) => {
    const entry = { name, shape: [...v.shape], offset, size: v.size };
    offset += v.size;
    return entry;
  });
  const paramCount = offset;
  const moments: ParamLayout['moments'] = [];
  for (const [layer, keys] of Object.entries(m.gen)) {
    const mean = keys.movingMean;
    if (!mean) continue;
    moments.push({ layer: Number(layer), width: mean.size, offset });
    offset += 2 * mean.size;
  }
  return { entries, paramCount, moments, slotSize: offset };
}

/** Copies the variables whose names start with one of `stems` into `out`. */
export function writeParams(
  layout: ParamLayout,
  m: TrainingModels,
  out: Float32Array,
  stems: string[],
): void {
  for (const e of layout.entries) {
    if (!stems.some((s) => e.name.startsWith(`${s}.`))) continue;
    const v = m.all[e.name];
    if (v) out.set(v.dataSync(), e.offset);
  }
}

/** Overwrites every trainable variable from the flat vector. */
export function readParams(
  tf: Tf,
  layout: ParamLayout,
  m: TrainingModels,
  flat: Float32Array,
): void {
  tf.tidy(() => {
    for (const e of layout.entries)
      m.all[e.name]?.assign(tf.tensor(flat.subarray(e.offset, e.offset + e.size), e.shape));
  });
}

/** Writes gradients × weight into their places in a slot. */
export function writeGrads(
  layout: ParamLayout,
  grads: Record<string, TF.Tensor>,
  weight: number,
  slot: Float32Array,
): void {
  for (const e of layout.entries) {
    const g = grads[e.name];
    if (!g) continue;
    const values = g.dataSync();
    for (let i = 0; i < e.size; i++) slot[e.offset + i] = values[i]! * weight;
  }
}

/** Gradient tensors for the variables under `stem`, from a summed flat vector. */
export function gradTensors(
  tf: Tf,
  layout: ParamLayout,
  flat: Float32Array,
  stem: string,
): Record<string, TF.Tensor> {
  const out: Record<string, TF.Tensor> = {};
  for (const e of layout.entries)
    if (e.name.startsWith(`${stem}.`))
      out[e.name] = tf.tensor(flat.subarray(e.offset, e.offset + e.size), e.shape);
  return out;
}

/** Writes a shard's batch-norm moments into its slot (and frees them). */
export function writeMoments(
  layout: ParamLayout,
  sink: MovingStatUpdate[],
  slot: Float32Array,
): void {
  for (const u of sink) {
    const place = layout.moments.find((p) => p.layer === u.layer);
    if (!place) throw new Error(`Batch-norm layer ${u.layer} is not in the parameter layout.`);
    slot.set(u.mean.dataSync(), place.offset);
    slot.set(u.variance.dataSync(), place.offset + place.width);
    u.mean.dispose();
    u.variance.dispose();
  }
  sink.length = 0;
}

/**
 * The whole batch's moments from the shards': mean = Σ wᵢ μᵢ, variance = Σ wᵢ (σᵢ² + (μᵢ − μ)²)
 * (the law of total variance), so the running statistics get the full batch's moments even
 * though each shard normalised with its own. Returned as updates for applyMovingStats.
 */
export function combineMoments(
  tf: Tf,
  layout: ParamLayout,
  shards: { slot: Float32Array; weight: number }[],
): MovingStatUpdate[] {
  return layout.moments.map(({ layer, width, offset }) => {
    const mean = new Float32Array(width);
    const variance = new Float32Array(width);
    for (let c = 0; c < width; c++) {
      let mu = 0;
      for (const s of shards) mu += s.weight * s.slot[offset + c]!;
      let v = 0;
      for (const s of shards) {
        const d = s.slot[offset + c]! - mu;
        v += s.weight * (s.slot[offset + width + c]! + d * d);
      }
      mean[c] = mu;
      variance[c] = v;
    }
    return { layer, mean: tf.tensor1d(mean), variance: tf.tensor1d(variance) };
  });
}
