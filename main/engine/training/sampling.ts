import { makeSchedule, runSampler } from '../diffusion/sampler';
import { documentedNoise } from '../diffusion/noise-stream';
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
 * VAE's decoder, a diffusion model's EMA denoiser) with its weights read from the current state.
 * A generator maps each latent to an image in one forward pass; a denoiser runs the engine's own
 * sampling loop (main/engine/diffusion/sampler.ts, the code the exported model samples with in
 * the app) from x_T, one forward pass per step, with the family's scheduler and sampling
 * settings and the documented per-image noise stream (so eta > 0 previews match the app).
 *
 * A GAN generator uses "standing statistics": each batch-norm layer's moments under the current
 * weights, averaged over 4 × 64 fixed latents of the run seed. Its weights move faster than
 * running averages follow (measured on Fashion-MNIST at step 1061: running variance 4.7 where
 * the weights gave 7.0; samples with the running statistics had mean pixel +0.47 against −0.28
 * in training), and the EMA weights never ran a training batch at all. A VAE's decoder uses them
 * too: it samples latents of the prior N(0, I), but was trained on the encoder's posterior
 * latents, so its running averages describe other inputs (the default VAE, 5,000 samples: FID
 * 78.8 with standing statistics, 111.3 with the running averages).
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

  /**
   * NCHW images in the network's output range for n latents back to back (z [n, latentDim], or a
   * diffusion model's x_T [n, C, H, W]), in chunks.
   */
  async generate(params: ParamLookup, z: Float32Array, n: number): Promise<Float32Array> {
    const d = this.family.sampler.latentSize;
    const parts: Float32Array[] = [];
    for (let start = 0; start < n; start += CHUNK) {
      const k = Math.min(CHUNK, n - start);
      const latents = z.subarray(start * d, (start + k) * d);
      parts.push(await this.generateChunk(params, latents, k));
    }
    const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  private async generateChunk(
    params: ParamLookup,
    latents: Float32Array,
    n: number,
  ): Promise<Float32Array> {
    const { diffusion } = this.family.sampler;
    if (!diffusion) return (await this.forward.run(latents, n, params, 'infer')).output;
    return runSampler({
      schedule: makeSchedule(diffusion.scheduler),
      sampling: diffusion.sampling,
      xT: latents,
      denoise: async (x, t) =>
        (await this.forward.run(x, n, params, 'infer', { t: new Float32Array(n).fill(t) })).output,
      noise: documentedNoise(latents, n),
    });
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
