import type { RgbaImage } from '../../image/png';
import { createRng } from '../../latent/prng';
import { nhwcToNchw } from '../families/layout';
import type { TrainingFamily } from '../families/family';
import type { ForwardRunner } from '../runtime/forward-runner';
import type { StateArrays } from '../runtime/step-runner';
import { toRgba, type TrainingSampler } from '../sampling';
import { hashSeed, normals } from '../step-rng';

const CHUNK = 50;

/**
 * What the live detectors ask of the model being trained, on the run's own runtime: samples
 * from fixed latents (FID/KID points differ only by the weights; a diffusion model's come from
 * its sampling loop, sampling.ts) and, for a VAE, the mean reconstruction loss of given images.
 */
export interface ModelProbe {
  samples(count: number): Promise<RgbaImage[]>;
  /** VAE: mean per-image reconstruction loss (no KL) of NHWC images in [-1, 1], encoded to their means. */
  reconstructionLoss?(images: Float32Array, count: number): Promise<number>;
  /** Autoregressive families: held-out and training negative log-likelihood in bits. */
  heldOutNll?(): Promise<{
    heldOut: number;
    train: number;
    count: number;
    unit: 'bits/dim' | 'bits/char';
  } | null>;
}

export function modelProbe(
  family: TrainingFamily,
  sampler: TrainingSampler,
  encoder: ForwardRunner | null,
  state: () => Readonly<StateArrays>,
): ModelProbe {
  const { latentDim, seed, size, channels } = family.setup.config;
  const range = family.sampler.spec.outputRange ?? [-1, 1];
  return {
    async samples(count) {
      const z = normals(createRng(hashSeed(seed, 0xe7a1)), count * family.sampler.latentSize);
      const images = await sampler.generate(await sampler.params(state()), z, count);
      return Array.from({ length: count }, (_, i) => ({
        width: size,
        height: size,
        rgba: toRgba(images, i, channels, size, range),
      }));
    },
    ...(encoder &&
      family.encoder && {
        async reconstructionLoss(images, count) {
          const s = state();
          const prefix = family.encoder!.prefix;
          const encParams = (name: string) => s[`${prefix}.${name}`]!;
          const decParams = await sampler.params(s);
          const per = size * size * channels;
          let total = 0;
          for (let start = 0; start < count; start += CHUNK) {
            const n = Math.min(CHUNK, count - start);
            const x = nhwcToNchw(
              images.subarray(start * per, (start + n) * per),
              n,
              size,
              size,
              channels,
            );
            const h = (await encoder.run(x, n, encParams, 'infer')).output;
            const mean = new Float32Array(n * latentDim);
            for (let i = 0; i < n; i++)
              mean.set(h.subarray(i * 2 * latentDim, i * 2 * latentDim + latentDim), i * latentDim);
            const recon = await sampler.generate(decParams, mean, n);
            total += reconstructionSum(recon, x, family.setup.reconstruction);
          }
          return total / count;
        },
      }),
  };
}

/** Σ over images and pixels of the training loss's reconstruction term (x in [-1, 1] → [0, 1]). */
function reconstructionSum(recon: Float32Array, x: Float32Array, kind: 'mse' | 'bce'): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const t = (x[i]! + 1) / 2;
    const r = recon[i]!;
    if (kind === 'mse') sum += (r - t) ** 2;
    else {
      const p = Math.min(1 - 1e-6, Math.max(1e-6, r));
      sum -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
    }
  }
  return sum;
}
