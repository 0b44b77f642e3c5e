import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNpy } from '../../main/engine/metrics/npy';
import { REPO_ROOT } from '../support/temp-studio';

/** test/fixtures/diffusion: made by scripts/make_diffusion_fixtures.py (see its README). */
export const DIFFUSION_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'diffusion');
export const diffusionFixture = (name: string) => join(DIFFUSION_FIXTURES, name);

export interface ReferenceRun {
  sampler: 'ddim' | 'ddpm';
  steps: number;
  eta: number;
  final: string;
  timesteps: number[];
  noise?: string;
  x0?: string;
}

export interface ModelReference {
  model: string;
  seed: number;
  count: number;
  xT: string;
  runs: ReferenceRun[];
  forwardT700: string;
}

export type References = Record<string, ModelReference> & {
  _prng: { seed: number; normals: number[]; fnv1a32OfOneTwo: number };
};

export function readReferences(): References {
  return JSON.parse(readFileSync(diffusionFixture('references.json'), 'utf8')) as References;
}

/** A float32 .npy as a Float32Array (values are exact: the file holds float32). */
export function readNpy32(name: string): { shape: number[]; data: Float32Array } {
  const { shape, data } = parseNpy(new Uint8Array(readFileSync(diffusionFixture(name))), name);
  return { shape, data: Float32Array.from(data) };
}

/** Largest absolute difference between two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
