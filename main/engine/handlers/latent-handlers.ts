import type { Handlers } from '../../contract/channels';
import type { LatentSpec } from '../../contract/latent-spec';
import { pathFrameTimes, pointOnPath } from '../../contract/keyframe-path';
import { attributeVector } from '../latent/arithmetic';
import { float32ToBase64 } from '../latent/base64';
import { resolveLatent } from '../latent/resolve';
import { StudioError } from '../../contract/channels';
import { MAX_PATH_FRAMES, pathShapeProblem, type PathSegment } from '../../contract/keyframe-path';
import { tooLargeInMemory } from '../export/video/export-video';
import { renderAsJob, samplingUsed } from './render-job';
import type { StudioContext } from './studio-context';

type LatentChannel = 'latent.resolve' | 'latent.breed' | 'directions.attribute' | 'render.path';

/** The latents of every frame of a keyframe path at `fps` (the one definition of path frames). */
export function pathLatents(
  dim: number,
  keyframes: LatentSpec[],
  segments: PathSegment[],
  loop: boolean,
  fps: number,
): { latents: Float32Array[]; times: number[] } {
  const problem = pathShapeProblem(keyframes.length, segments.length, loop);
  if (problem) throw new StudioError('BAD_REQUEST', problem);
  const times = pathFrameTimes(segments, fps, loop);
  if (times.length > MAX_PATH_FRAMES)
    throw new StudioError(
      'BAD_REQUEST',
      `The path would be ${times.length} frames long; at most ${MAX_PATH_FRAMES} are rendered (shorten it or lower the fps).`,
    );
  const points = keyframes.map((k) => resolveLatent(k, dim).z);
  return { latents: times.map((t) => pointOnPath(points, segments, loop, t)), times };
}

export function latentHandlers(ctx: StudioContext): Pick<Handlers, LatentChannel> {
  const dimOf = async (modelId: string) => (await ctx.library.get(modelId)).props.latentDim;
  return {
    async 'latent.resolve'({ modelId, latent }) {
      const resolved = resolveLatent(latent, await dimOf(modelId));
      return {
        z: float32ToBase64(resolved.z),
        seed: resolved.seed,
        truncation: resolved.truncation,
      };
    },

    async 'latent.breed'({ modelId, parents, operation, strength, seed, count, chunks }) {
      const dim = await dimOf(modelId);
      const children = Array.from({ length: count }, (_, i) => {
        const latent: LatentSpec = {
          kind: 'breed',
          parents,
          operation,
          seed: (seed + i) % 0x100000000,
          strength,
          ...(chunks === undefined ? {} : { chunks }),
        };
        return { latent, z: float32ToBase64(resolveLatent(latent, dim).z) };
      });
      return { children };
    },

    async 'directions.attribute'({ modelId, setA, setB }) {
      const dim = await dimOf(modelId);
      const vector = attributeVector(
        setA.map((s) => resolveLatent(s, dim).z),
        setB.map((s) => resolveLatent(s, dim).z),
      );
      return { vector: float32ToBase64(vector), length: Math.hypot(...vector) };
    },

    async 'render.path'({ modelId, keyframes, segments, loop, fps, sampling, jobId }) {
      const { generator } = await ctx.library.generator(modelId);
      const { latents, times } = pathLatents(
        generator.props.latentDim,
        keyframes,
        segments,
        loop,
        fps,
      );
      const { width, height } = generator.props;
      const problem = tooLargeInMemory(
        latents.length,
        width,
        height,
        512 * 1024 ** 2,
        'The preview',
      );
      if (problem) throw new StudioError('BAD_REQUEST', problem);
      // The preview samples a diffusion model as the video will (export.video).
      const used = samplingUsed(generator, sampling);
      const images = await renderAsJob(ctx, generator, latents, jobId, 'Rendering path', used);
      return { frames: images.map((image) => ({ ...image, seed: null })), times };
    },
  };
}
