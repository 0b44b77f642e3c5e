import type { RgbaImage } from '../../metrics/extractors/extractor';
import { createRng } from '../../latent/prng';
import { pick, type TrainingModels } from '../models';
import { generatorForward, type Tf } from '../spec-forward';
import { hashSeed, normals } from '../step-rng';
import { encoderForward, vaeLoss } from '../vae';

const CHUNK = 50;

/**
 * Mean reconstruction loss (the training loss's own per-image sum, without KL) of a VAE on
 * `count` images (NHWC floats in [-1, 1]): encoded to their latent means, no sampling, decoder in
 * inference mode — the same measurement for the held-out and the training images.
 */
export function reconstructionLoss(
  tf: Tf,
  m: TrainingModels,
  images: Float32Array,
  count: number,
): number {
  const { size, channels } = m.shape;
  const per = size * size * channels;
  const encoder = pick(m.all, 'e');
  let total = 0;
  for (let start = 0; start < count; start += CHUNK) {
    const n = Math.min(CHUNK, count - start);
    total +=
      n *
      tf.tidy(() => {
        const x = tf.tensor4d(images.subarray(start * per, (start + n) * per), [
          n,
          size,
          size,
          channels,
        ]);
        const { mean, logvar } = encoderForward(tf, encoder, m.shape, x);
        const recon = generatorForward(tf, m.spec, m.gen, mean, 'infer');
        return vaeLoss(tf, x, recon, mean, logvar, 0, m.setup.reconstruction).recon.dataSync()[0]!;
      });
  }
  return total / count;
}

/**
 * `count` samples of the current generator as RGBA images, from fixed latents (the run seed's
 * 'eval' stream), so successive FID/KID points differ only by the weights.
 */
export function generateSamples(tf: Tf, m: TrainingModels, count: number): RgbaImage[] {
  const { latentDim, seed } = m.setup.config;
  const { height: size, channels, range } = m.spec.output;
  const [lo, hi] = range;
  const z = normals(createRng(hashSeed(seed, 0xe7a1)), count * latentDim);
  const out: RgbaImage[] = [];
  for (let start = 0; start < count; start += CHUNK) {
    const n = Math.min(CHUNK, count - start);
    const pixels = tf.tidy(
      () =>
        generatorForward(
          tf,
          m.spec,
          m.gen,
          tf.tensor2d(z.subarray(start * latentDim, (start + n) * latentDim), [n, latentDim]),
          'infer',
        ).dataSync() as Float32Array,
    );
    for (let i = 0; i < n; i++) {
      const data = new Uint8Array(size * size * 4);
      for (let p = 0; p < size * size; p++) {
        for (let c = 0; c < 3; c++) {
          const v = pixels[(i * size * size + p) * channels + (channels === 1 ? 0 : c)] ?? lo;
          data[p * 4 + c] = Math.round(Math.min(1, Math.max(0, (v - lo) / (hi - lo))) * 255);
        }
        data[p * 4 + 3] = 255;
      }
      out.push({ width: size, height: size, data });
    }
  }
  return out;
}
