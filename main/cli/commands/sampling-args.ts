import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { StudioError, type SamplingRequest } from '../../contract/channels';
import type { DiffusionInfo, Sampling } from '../../contract/diffusion-schemas';
import type { LatentSpec } from '../../contract/latent-spec';
import { describeSampling } from '../../engine/diffusion/sampling-settings';
import { float32ToBase64 } from '../../engine/latent/base64';
import { parseNpy } from '../../engine/metrics/npy';
import { UsageError } from '../output';
import { parseNumber } from './latent-args';

/** --sampler ddim|ddpm, --steps K, --eta E (diffusion models; generators ignore them). */
export function samplingFromArgs(
  o: Record<string, string | undefined>,
): SamplingRequest | undefined {
  const sampling: SamplingRequest = {};
  if (o.sampler !== undefined) {
    if (o.sampler !== 'ddim' && o.sampler !== 'ddpm')
      throw new UsageError(`--sampler must be ddim or ddpm, got "${o.sampler}"`);
    sampling.sampler = o.sampler;
  }
  if (o.steps !== undefined) {
    const steps = parseNumber('steps', o.steps);
    if (!Number.isInteger(steps) || steps < 1 || steps > 1000)
      throw new UsageError('--steps must be a whole number from 1 to 1000');
    sampling.steps = steps;
  }
  if (o.eta !== undefined) {
    const eta = parseNumber('eta', o.eta);
    if (eta < 0 || eta > 1) throw new UsageError('--eta must be from 0 to 1');
    sampling.eta = eta;
  }
  return Object.keys(sampling).length > 0 ? sampling : undefined;
}

/**
 * `--latent FILE.npy`: the exact latents to render, one per row: z [N,d] for generators, x_T
 * [N,C,H,W] (or [N,C·H·W]) for diffusion models, float32 or float64 (rounded to float32).
 * The engine checks d against the model and says so in words.
 */
export async function latentsFromNpy(path: string): Promise<LatentSpec[]> {
  const name = basename(path);
  const bytes = await readFile(path).catch((err: NodeJS.ErrnoException) => {
    throw new StudioError(
      'BAD_FILE',
      `Cannot read "${name}": ${err.code === 'ENOENT' ? 'no such file' : err.message}`,
    );
  });
  const { shape, data } = parseNpy(new Uint8Array(bytes), `"${name}"`);
  if (shape.length !== 2 && shape.length !== 4)
    throw new StudioError(
      'BAD_FILE',
      `"${name}" has shape (${shape.join(', ')}); latents are [N,d] (z) or [N,C,H,W] (diffusion x_T).`,
    );
  const count = shape[0]!;
  const dim = count === 0 ? 0 : data.length / count;
  if (count === 0 || dim === 0) throw new StudioError('BAD_FILE', `"${name}" holds no latents.`);
  if (!data.every(Number.isFinite))
    throw new StudioError('BAD_FILE', `"${name}" holds NaN or infinite values.`);
  return Array.from({ length: count }, (_, i) => ({
    kind: 'z' as const,
    z: float32ToBase64(Float32Array.from(data.subarray(i * dim, (i + 1) * dim))),
  }));
}

/** Lines for `inspect` of a diffusion model. */
export function describeDiffusion(d: DiffusionInfo): string {
  const s = d.scheduler;
  const betas =
    s.beta_schedule === 'squaredcos_cap_v2'
      ? 'cosine betas (squaredcos_cap_v2)'
      : `${s.beta_schedule} betas ${s.beta_start}–${s.beta_end}`;
  const clip = s.clip_sample ? `x0 clipped to ±${s.clip_sample_range}` : 'no clipping';
  const ts = d.timestep;
  const tsShape = ts.shape === 'batch' ? '[N]' : ts.shape === 'scalar' ? '[] (scalar)' : '[1]';
  return [
    `diffusion denoiser: sample input "${d.sampleInput}", timestep "${ts.name}" ${ts.type} ${tsShape}`,
    `scheduler (${d.schedulerSource === 'manifest' ? 'from the manifest' : 'diffusers defaults'}): ${s.num_train_timesteps} timesteps, ${betas}, ${s.prediction_type} prediction, ${clip}, ${s.timestep_spacing} spacing (offset ${s.steps_offset}), set_alpha_to_one ${s.set_alpha_to_one}, DDPM variance ${s.variance_type}`,
    `samples by default with ${describeSampling(d.defaults)}`,
  ].join('\n');
}

export function describeUsed(sampling: Sampling | undefined): string {
  return sampling ? ` (${describeSampling(sampling)})` : '';
}
