import { StudioError } from '../../contract/channels';
import { pathShapeProblem, pointOnPath } from '../../contract/keyframe-path';
import type { LatentSpec } from '../../contract/latent-spec';
import { applyDirections, latentArithmetic } from './arithmetic';
import { base64ToFloat32 } from './base64';
import { breedLatent } from './breed';
import { bilinearLatent, blendLatents, interpolate } from './interpolate';
import { sampleTruncatedLatent, truncateLatent } from './truncation';

export interface ResolvedLatent {
  z: Float32Array;
  /** Set only for a plain seed spec, so the UI can label, reroll and save it. */
  seed: number | null;
  truncation: number | null;
}

/** Deeper nesting than this is surely a bug or an attack; real UIs nest two or three levels. */
const MAX_NESTING = 32;

/** Turns a declarative LatentSpec into the exact z the engine renders and saves. */
export function resolveLatent(spec: LatentSpec, dim: number): ResolvedLatent {
  if (spec.kind === 'seed') {
    const truncation = spec.truncation ?? 1;
    return { z: sampleTruncatedLatent(spec.seed, dim, truncation), seed: spec.seed, truncation };
  }
  return { z: resolveZ(spec, dim, 0), seed: null, truncation: null };
}

function resolveZ(spec: LatentSpec, dim: number, depth: number): Float32Array {
  if (depth > MAX_NESTING) {
    throw new StudioError(
      'BAD_REQUEST',
      `The latent is nested more than ${MAX_NESTING} levels deep.`,
    );
  }
  const child = (s: LatentSpec): Float32Array => resolveZ(s, dim, depth + 1);
  switch (spec.kind) {
    case 'seed':
      return sampleTruncatedLatent(spec.seed, dim, spec.truncation ?? 1);
    case 'z': {
      const z = base64ToFloat32(spec.z);
      if (z.length !== dim) {
        throw new StudioError(
          'BAD_REQUEST',
          `The latent has ${z.length} values but this model expects ${dim}; it was probably made with another model.`,
        );
      }
      return spec.truncation === undefined ? z : truncateLatent(z, spec.truncation);
    }
    case 'mix':
      return interpolate(child(spec.a), child(spec.b), spec.t, spec.method);
    case 'blend':
      return blendLatents(
        spec.items.map((item) => ({ z: child(item.latent), weight: item.weight })),
      );
    case 'bilinear': {
      const [tl, tr, bl, br] = spec.corners;
      if (!tl || !tr || !bl || !br || spec.corners.length !== 4) {
        throw new StudioError('BAD_REQUEST', 'A bilinear latent needs exactly four corners.');
      }
      // Bilinear patches are slerp-based: corners are usually independent seeds (see interpolate.ts).
      return bilinearLatent([child(tl), child(tr), child(bl), child(br)], spec.u, spec.v, 'slerp');
    }
    case 'arithmetic':
      return latentArithmetic(
        child(spec.a),
        child(spec.b),
        child(spec.c),
        spec.renormalize ?? true,
      );
    case 'direction':
      return applyDirections(child(spec.base), spec.moves);
    case 'breed':
      return breedLatent(
        spec.parents.map(child),
        spec.operation,
        spec.seed,
        spec.strength,
        spec.chunks,
      );
    case 'path': {
      const problem = pathShapeProblem(spec.keyframes.length, spec.segments.length, spec.loop);
      if (problem) throw new StudioError('BAD_REQUEST', problem);
      return pointOnPath(spec.keyframes.map(child), spec.segments, spec.loop, spec.time);
    }
  }
}

/** Seeds for a grid: seed, seed+1, …, wrapping past 4294967295 back to 0. */
export function gridSeeds(seed: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (seed + i) % 0x100000000);
}
