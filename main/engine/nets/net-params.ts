import type { Rng } from '../latent/prng';
import type { NetSpec } from './net-spec';
import { paramInfos } from './net-shapes';

/** A network's parameters as plain arrays by name ("<layer>.<role>"): what checkpoints store. */
export interface StoredTensor {
  shape: number[];
  data: Float32Array;
}
export type NetParams = Record<string, StoredTensor>;

/**
 * Fresh parameters, drawn from `rng` in layer order so an initialisation is the same in every
 * runtime: weights N(0, 0.02) ('dcgan', as Radford et al.) or Glorot-uniform; BN gamma N(1, 0.02)
 * for 'dcgan' and 1 for 'glorot'; biases, beta and running means 0; running variances 1.
 */
export function initNetParams(spec: NetSpec, rng: Rng): NetParams {
  const out: NetParams = {};
  for (const [name, info] of paramInfos(spec)) {
    const size = info.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (info.init === 'weight') {
      if (spec.init === 'dcgan') for (let i = 0; i < size; i++) data[i] = 0.02 * rng.nextNormal();
      else {
        const [fanIn, fanOut] = info.fans ?? [size, size];
        const limit = Math.sqrt(6 / (fanIn + fanOut));
        for (let i = 0; i < size; i++) data[i] = (rng.nextFloat() * 2 - 1) * limit;
      }
    } else if (info.init === 'gamma') {
      for (let i = 0; i < size; i++)
        data[i] = spec.init === 'dcgan' ? 1 + 0.02 * rng.nextNormal() : 1;
    } else if (info.init === 'one') data.fill(1);
    out[name] = { shape: info.shape, data };
  }
  return out;
}

/** Prefixes every name ("g." + "3.weight"), the form training state uses for several networks. */
export function prefixed(prefix: string, params: NetParams): NetParams {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [`${prefix}.${k}`, v]));
}

/** The parameters under `prefix.`, with the prefix removed. */
export function unprefixed(prefix: string, params: NetParams): NetParams {
  const p = `${prefix}.`;
  return Object.fromEntries(
    Object.entries(params)
      .filter(([k]) => k.startsWith(p))
      .map(([k, v]) => [k.slice(p.length), v]),
  );
}

export function cloneParams(params: NetParams): NetParams {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      { shape: [...v.shape], data: Float32Array.from(v.data) },
    ]),
  );
}
