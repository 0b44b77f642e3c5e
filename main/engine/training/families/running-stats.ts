import type { Ops } from '../../autodiff/ops';
import type { NetSpec } from '../../nets/net-spec';
import { layerInputShapes } from '../../nets/net-shapes';

/**
 * New running statistics of a network's batch-norm layers from the batch moments of a training
 * forward pass, as PyTorch's BatchNorm does: running ← (1 − m)·running + m·batch, with the
 * unbiased batch variance (×k/(k−1), k values per channel).
 */
export function runningStatUpdates<T>(
  o: Ops<T>,
  spec: NetSpec,
  prefix: string,
  stats: readonly { layer: number; mean: T; variance: T }[],
  state: (name: string) => T,
  batch: number,
): Record<string, T> {
  const out: Record<string, T> = {};
  const seen = new Set<number>();
  for (const { layer, mean, variance } of stats) {
    if (seen.has(layer)) continue;
    seen.add(layer);
    const l = spec.layers[layer];
    if (l?.kind !== 'batchnorm') continue;
    const count = batch * perChannel(spec, layer);
    const m = o.scalar(l.momentum);
    const blend = (old: T, fresh: T) => o.add(old, o.mul(o.sub(fresh, old), m));
    const unbiased = count > 1 ? o.mul(variance, o.scalar(count / (count - 1))) : variance;
    out[`${prefix}.${layer}.runningMean`] = blend(state(`${prefix}.${layer}.runningMean`), mean);
    out[`${prefix}.${layer}.runningVar`] = blend(state(`${prefix}.${layer}.runningVar`), unbiased);
  }
  return out;
}

/** Values per channel per sample at a layer's input: H·W for images, 1 for vectors. */
function perChannel(spec: NetSpec, layer: number): number {
  return (layerInputShapes(spec)[layer] ?? []).slice(1).reduce((a, b) => a * b, 1);
}

/** Batch moments stored in a gradient's aux table as "<layer>.mean" / "<layer>.variance". */
export function momentsFromAux<T>(
  aux: Record<string, T>,
): { layer: number; mean: T; variance: T }[] {
  const out: { layer: number; mean: T; variance: T }[] = [];
  for (const [key, mean] of Object.entries(aux)) {
    const m = /^(\d+)\.mean$/.exec(key);
    const variance = m ? aux[`${m[1]}.variance`] : undefined;
    if (m && variance !== undefined) out.push({ layer: Number(m[1]), mean, variance });
  }
  return out;
}
