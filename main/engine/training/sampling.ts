import { createRng } from '../latent/prng';
import { paramInfos } from '../nets/net-shapes';
import type { TrainingFamily } from './families/family';
import type { ForwardRunner, ParamLookup } from './runtime/forward-runner';
import type { StateArrays } from './runtime/step-runner';
import { hashSeed, normals } from './step-rng';

const STANDING_BATCHES = 4;
const STANDING_BATCH = 64;
const CHUNK = 50;

/**
 * Images from the model being trained: the family's sampling network (a GAN's EMA generator, a
 * VAE's decoder) with its weights read from the current state.
 *
 * A GAN generator uses "standing statistics": each batch-norm layer's moments under the current
 * weights, averaged over 4 × 64 fixed latents of the run seed. Its weights move faster than
 * running averages follow (measured on Fashion-MNIST at step 1061: running variance 4.7 where
 * the weights gave 7.0; samples with the running statistics had mean pixel +0.47 against −0.28
 * in training), and the EMA weights never ran a training batch at all.
 */
export class TrainingSampler {
  constructor(
    private readonly family: TrainingFamily,
    private readonly forward: ForwardRunner,
  ) {}

  /** The sampling network's weights (standing statistics included) from `state`. */
  async params(state: Readonly<StateArrays>): Promise<ParamLookup> {
    const { prefix, spec, standingStats } = this.family.sampler;
    const base: ParamLookup = (name) => {
      const v = state[`${prefix}.${name}`] ?? state[`g.${name}`];
      if (!v) throw new Error(`The training state has no weights for ${name}.`);
      return v;
    };
    if (!standingStats || ![...paramInfos(spec).keys()].some((k) => k.endsWith('.runningMean')))
      return base;
    const { seed, latentDim } = this.family.setup.config;
    const sums = new Map<number, { mean: Float32Array; variance: Float32Array }>();
    for (let b = 0; b < STANDING_BATCHES; b++) {
      const z = normals(createRng(hashSeed(seed, 0x57a4d, b)), STANDING_BATCH * latentDim);
      const { moments } = await this.forward.run(z, STANDING_BATCH, base, 'moments');
      for (const [layer, m] of moments) {
        const s = sums.get(layer) ?? {
          mean: new Float32Array(m.mean.length),
          variance: new Float32Array(m.mean.length),
        };
        m.mean.forEach((v, i) => (s.mean[i]! += v / STANDING_BATCHES));
        m.variance.forEach((v, i) => (s.variance[i]! += v / STANDING_BATCHES));
        sums.set(layer, s);
      }
    }
    return (name) => {
      const [layer, role] = name.split('.');
      const s = sums.get(Number(layer));
      if (s && role === 'runningMean') return s.mean;
      if (s && role === 'runningVar') return s.variance;
      return base(name);
    };
  }

  /** NCHW images in the network's output range for latents z [n, latentDim], in chunks. */
  async generate(params: ParamLookup, z: Float32Array, n: number): Promise<Float32Array> {
    const d = this.family.setup.config.latentDim;
    const parts: Float32Array[] = [];
    for (let start = 0; start < n; start += CHUNK) {
      const k = Math.min(CHUNK, n - start);
      parts.push(
        (await this.forward.run(z.subarray(start * d, (start + k) * d), k, params, 'infer')).output,
      );
    }
    const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** One NCHW image of a batch as RGBA bytes, mapped from `range` to 0..255. */
export function toRgba(
  images: Float32Array,
  index: number,
  channels: number,
  size: number,
  range: readonly [number, number],
): Uint8Array {
  const [lo, hi] = range;
  const hw = size * size;
  const out = new Uint8Array(hw * 4);
  for (let p = 0; p < hw; p++) {
    for (let c = 0; c < 3; c++) {
      const v = images[(index * channels + (channels === 1 ? 0 : c)) * hw + p] ?? lo;
      out[p * 4 + c] = Math.round(Math.min(1, Math.max(0, (v - lo) / (hi - lo))) * 255);
    }
    out[p * 4 + 3] = 255;
  }
  return out;
}
