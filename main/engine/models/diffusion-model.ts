import type { ModelProperties } from '../../contract/channels';
import type {
  DiffusionInfo,
  ModelKind,
  Sampling,
  SamplingRequest,
} from '../../contract/diffusion-schemas';
import { documentedNoise } from '../diffusion/noise-stream';
import { runSampler, type Schedule } from '../diffusion/sampler';
import { resolveSampling } from '../diffusion/sampling-settings';
import type { Generator } from './generator';

/** One forward pass of a denoiser: `count` samples back to back at integer timestep t. */
export interface Denoiser {
  readonly runtime: string;
  predict(sample: Float32Array, count: number, t: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/**
 * A diffusion model as the rest of the engine sees it: a Generator whose latent is the starting
 * noise x_T (C·H·W values, NCHW), so grids, strips, blends, exports and evaluation work unchanged.
 * `generate` samples with the model's default settings; the render path (render/render-diffusion.ts)
 * instead runs each step through the inference scheduler with the request's settings.
 */
export class DiffusionModel implements Generator {
  readonly kind = 'diffusion' as const;

  constructor(
    readonly props: ModelProperties,
    readonly diffusion: DiffusionInfo,
    readonly schedule: Schedule,
    readonly denoiser: Denoiser,
  ) {}

  get runtime(): string {
    return this.denoiser.runtime;
  }

  /** The settings a request resolves to (its fields over the model's defaults). */
  sampling(request: SamplingRequest | undefined): Sampling {
    return resolveSampling(this.diffusion.defaults, request, this.diffusion.scheduler);
  }

  generate(z: Float32Array, count: number, request?: SamplingRequest): Promise<Float32Array> {
    return runSampler({
      schedule: this.schedule,
      sampling: this.sampling(request),
      xT: z,
      noise: documentedNoise(z, count),
      denoise: (x, t) => this.denoiser.predict(x, count, t),
    });
  }

  dispose(): Promise<void> {
    return this.denoiser.dispose();
  }
}

export function isDiffusionModel(generator: Generator): generator is DiffusionModel {
  return generator instanceof DiffusionModel;
}

export function modelKindOf(generator: Generator): ModelKind {
  return isDiffusionModel(generator) ? 'diffusion' : 'generator';
}
