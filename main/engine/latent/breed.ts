import { StudioError } from '../../contract/channels';
import type { BreedOperation } from '../../contract/latent-spec';
import { blendLatents } from './interpolate';
import { createRng, type Rng } from './prng';

/**
 * Breeding (Artbreeder-style), deterministic given the seed. The seed's PRNG stream (prng.ts) is
 * consumed in a fixed order, so another tool can reproduce a child:
 *
 * 1. crossover: the latent is cut into `chunks` contiguous chunks of ⌈dim/chunks⌉ values (default 8
 *    chunks); for each chunk in order, parent index = nextUint32() mod parents.length.
 *    blend:     weight_i = −ln(1 − nextFloat()) for each parent in order (a flat Dirichlet draw),
 *               then the norm-preserving blend of interpolate.ts.
 *    mutate:    the parents' equal-weight norm-preserving blend (the parent itself when only one).
 * 2. mutation with strength s ∈ [0, 1]: z' = √(1 − s²)·z + s·ε, ε = the next `dim` nextNormal()
 *    draws. For a standard-normal z this keeps z' standard normal, so children stay in the region
 *    the generator was trained on at any strength; s = 1 is a fresh random latent.
 */
export const DEFAULT_CHUNKS = 8;

export function breedLatent(
  parents: Float32Array[],
  operation: BreedOperation,
  seed: number,
  strength: number,
  chunks: number = DEFAULT_CHUNKS,
): Float32Array {
  const first = parents[0];
  if (!first) throw new StudioError('BAD_REQUEST', 'Breeding needs at least one parent.');
  const dim = first.length;
  if (parents.some((p) => p.length !== dim))
    throw new StudioError(
      'BAD_REQUEST',
      'All parents must come from the same latent space (same size).',
    );
  if (!(strength >= 0 && strength <= 1))
    throw new StudioError('BAD_REQUEST', `Mutation strength must be from 0 to 1, not ${strength}.`);
  if (operation === 'crossover' && parents.length < 2)
    throw new StudioError('BAD_REQUEST', 'Crossover needs at least two parents.');
  const rng = createRng(seed);
  const child = combine(parents, operation, rng, Math.max(1, Math.min(chunks, dim)));
  return strength > 0 ? mutate(child, strength, rng) : child;
}

function combine(
  parents: Float32Array[],
  operation: BreedOperation,
  rng: Rng,
  chunks: number,
): Float32Array {
  const dim = parents[0]!.length;
  if (operation === 'crossover') {
    const out = new Float32Array(dim);
    const size = Math.ceil(dim / chunks);
    for (let start = 0; start < dim; start += size) {
      const parent = parents[rng.nextUint32() % parents.length]!;
      out.set(parent.subarray(start, Math.min(dim, start + size)), start);
    }
    return out;
  }
  if (operation === 'blend') {
    return blendLatents(parents.map((z) => ({ z, weight: -Math.log(1 - rng.nextFloat()) })));
  }
  return parents.length === 1
    ? parents[0]!.slice()
    : blendLatents(parents.map((z) => ({ z, weight: 1 })));
}

function mutate(z: Float32Array, strength: number, rng: Rng): Float32Array {
  const keep = Math.sqrt(1 - strength * strength);
  return Float32Array.from(z, (x) => keep * x + strength * rng.nextNormal());
}
