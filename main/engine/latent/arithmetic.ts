import { StudioError } from '../../contract/channels';
import type { DirectionMove } from '../../contract/latent-spec';
import { base64ToFloat32 } from './base64';

function norm(z: Float32Array): number {
  let s = 0;
  for (const x of z) s += x * x;
  return Math.sqrt(s);
}

function sameSize(dim: number, z: Float32Array, what: string): void {
  if (z.length !== dim)
    throw new StudioError(
      'BAD_REQUEST',
      `${what} has ${z.length} values but this model's latents have ${dim}; it was probably made with another model.`,
    );
}

/**
 * a − b + c. The sum of three independent normal latents is √3 times too long, which the generator
 * renders washed out or saturated; with `renormalize` (the default) the result is rescaled to the
 * mean length of a, b and c, as blends are.
 */
export function latentArithmetic(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  renormalize = true,
): Float32Array {
  sameSize(a.length, b, 'Latent b');
  sameSize(a.length, c, 'Latent c');
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]! + c[i]!;
  let scale = 1;
  if (renormalize) {
    const target = (norm(a) + norm(b) + norm(c)) / 3;
    const length = Math.sqrt(out.reduce((s, x) => s + x * x, 0));
    if (length > 1e-12) scale = target / length;
  }
  return Float32Array.from(out, (x) => x * scale);
}

/** base + Σ amount·vector (GANSpace sliders and attribute vectors: no rescaling, by design). */
export function applyDirections(base: Float32Array, moves: readonly DirectionMove[]): Float32Array {
  const out = Float64Array.from(base);
  for (const move of moves) {
    const vector = base64ToFloat32(move.vector);
    sameSize(base.length, vector, `Direction${move.directionId ? ` "${move.directionId}"` : ''}`);
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + move.amount * vector[i]!;
  }
  return Float32Array.from(out);
}

/** Mean of set A minus mean of set B: the attribute vector (step for amount 1). */
export function attributeVector(setA: Float32Array[], setB: Float32Array[]): Float32Array {
  if (setA.length === 0 || setB.length === 0)
    throw new StudioError(
      'BAD_REQUEST',
      'An attribute vector needs at least one latent in each set.',
    );
  const dim = setA[0]!.length;
  const out = new Float64Array(dim);
  for (const z of setA) {
    sameSize(dim, z, 'A latent of set A');
    for (let i = 0; i < dim; i++) out[i] = out[i]! + z[i]! / setA.length;
  }
  for (const z of setB) {
    sameSize(dim, z, 'A latent of set B');
    for (let i = 0; i < dim; i++) out[i] = out[i]! - z[i]! / setB.length;
  }
  return Float32Array.from(out);
}
