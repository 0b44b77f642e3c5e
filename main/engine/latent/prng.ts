import { StudioError } from '../../contract/channels';

/**
 * The studio's one source of randomness for latents. It is specified here exactly, so a seed
 * printed in a PNG reproduces the same z in any tool (Python, C, another version of this app):
 *
 * 1. Seeding — splitmix32. `seed` is a uint32. Four state words s0..s3 are produced, in order, by
 *    repeating (all arithmetic mod 2^32, `>>>` is a logical shift):
 *        x  = (x + 0x9E3779B9)            // x starts as seed
 *        z  = x
 *        z  = (z ^ (z >>> 16)) * 0x85EBCA6B
 *        z  = (z ^ (z >>> 13)) * 0xC2B2AE35
 *        z  =  z ^ (z >>> 16)             // -> next state word
 *    The finaliser is a bijection and the four inputs differ, so the state is never all zero.
 *
 * 2. Generator — xoshiro128** (Blackman & Vigna, 2018). nextUint32():
 *        result = rotl(s1 * 5, 7) * 9
 *        t = s1 << 9
 *        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11)
 *        return result
 *
 * 3. nextFloat() = (nextUint32() >>> 8) / 2^24, a multiple of 2^-24 in [0, 1).
 *
 * 4. nextNormal() — Box–Muller in float64, two uniforms per PAIR of normals:
 *        u1 = 1 - nextFloat()             // in (0, 1], so log(u1) is finite
 *        u2 = nextFloat()
 *        r  = sqrt(-2 * ln(u1)); a = 2π * u2
 *        first call returns r*cos(a); the next call returns the cached r*sin(a)
 *    Each Rng caches its second value, so draws come in the order cos, sin, cos, sin, …
 *    The largest |value| is sqrt(2*24*ln 2) ≈ 5.77, far past anything a latent needs.
 *
 * 5. sampleNormalLatent(seed, dim) = the first `dim` nextNormal() values of createRng(seed), each
 *    rounded to float32. Tools whose libm differs from V8's by an ulp in log/cos/sin still agree
 *    after that rounding in practically every component.
 */
export interface Rng {
  nextUint32(): number;
  nextFloat(): number;
  nextNormal(): number;
}

const TWO_POW_24 = 16777216;

function splitmix32(state: { x: number }): number {
  state.x = (state.x + 0x9e3779b9) >>> 0;
  let z = state.x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new StudioError(
      'BAD_REQUEST',
      `A seed must be a whole number from 0 to 4294967295, not ${seed}.`,
    );
  }
  const mix = { x: seed >>> 0 };
  let s0 = splitmix32(mix);
  let s1 = splitmix32(mix);
  let s2 = splitmix32(mix);
  let s3 = splitmix32(mix);
  let cachedNormal: number | null = null;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const nextFloat = (): number => (nextUint32() >>> 8) / TWO_POW_24;

  return {
    nextUint32,
    nextFloat,
    nextNormal(): number {
      if (cachedNormal !== null) {
        const value = cachedNormal;
        cachedNormal = null;
        return value;
      }
      const u1 = 1 - nextFloat();
      const u2 = nextFloat();
      const r = Math.sqrt(-2 * Math.log(u1));
      const angle = 2 * Math.PI * u2;
      cachedNormal = r * Math.sin(angle);
      return r * Math.cos(angle);
    },
  };
}

/** The standard-normal latent for a seed: see step 5 of the header. */
export function sampleNormalLatent(seed: number, dim: number): Float32Array {
  const rng = createRng(seed);
  const z = new Float32Array(dim);
  for (let i = 0; i < dim; i++) z[i] = rng.nextNormal();
  return z;
}
