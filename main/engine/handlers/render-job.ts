import type { Sampling, SamplingRequest } from '../../contract/diffusion-schemas';
import type { LatentSpec } from '../../contract/latent-spec';
import { stripLatents } from '../latent/interpolate';
import { resolveLatent } from '../latent/resolve';
import { isDiffusionModel } from '../models/diffusion-model';
import type { Generator } from '../models/generator';
import { renderBatch } from '../render/render-latents';
import type { StudioContext } from './studio-context';
import type { RgbaImage } from '../image/png';

/** Batch chunk for UI work: small enough that a live frame waits at most one chunk. */
export const UI_CHUNK = 8;

/** Renders latents as a job: progress events under `label`, cancellable between chunks. */
export async function renderAsJob(
  ctx: StudioContext,
  generator: Generator,
  latents: Float32Array[],
  jobId: string | undefined,
  label: string,
  sampling?: SamplingRequest,
): Promise<RgbaImage[]> {
  const job = ctx.jobs.start(jobId);
  try {
    return await renderBatch(generator, ctx.scheduler, latents, {
      chunkSize: UI_CHUNK,
      job,
      label,
      sampling,
    });
  } finally {
    job.finish();
  }
}

/** The settings a diffusion model renders a request with (stored in PNGs); undefined otherwise. */
export function samplingUsed(
  generator: Generator,
  request: SamplingRequest | undefined,
): Sampling | undefined {
  return isDiffusionModel(generator) ? generator.sampling(request) : undefined;
}

/** The latents of a strip through the waypoints (the one definition of strip spacing). */
export function stripPath(
  generator: Generator,
  waypoints: LatentSpec[],
  frames: number,
  method: 'lerp' | 'slerp',
  loop: boolean | undefined,
): Float32Array[] {
  const dim = generator.props.latentDim;
  return stripLatents(
    waypoints.map((w) => resolveLatent(w, dim).z),
    frames,
    method,
    loop,
  );
}

/** Sortable, readable names for export and run folders, so repeated ones never overwrite. */
export function folderStamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
}
