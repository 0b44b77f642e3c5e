import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedNoise, suppliedNoise } from '../../main/engine/diffusion/noise-stream';
import { runSampler, type SamplerStep } from '../../main/engine/diffusion/sampler';
import { resolveLatent } from '../../main/engine/latent/resolve';
import { isDiffusionModel, type DiffusionModel } from '../../main/engine/models/diffusion-model';
import { loadGenerator } from '../../main/engine/models/load-generator';
import {
  diffusionFixture,
  maxAbsDiff,
  readNpy32,
  readReferences,
  type ReferenceRun,
} from './fixtures';

/**
 * The app's DDIM and DDPM against PyTorch references (scripts/make_diffusion_fixtures.py): the same
 * U-Net run by torch, diffusers' scheduler steps transcribed in PyTorch, the same x_T and, for the
 * stochastic runs, the same noise supplied explicitly. Tolerance 1e-4 on every value.
 */
const TOLERANCE = 1e-4;
const references = readReferences();
const names = Object.keys(references).filter((k) => !k.startsWith('_'));
const models = new Map<string, DiffusionModel>();
/** Printed at the end: the largest differences seen, for the record. */
const report: string[] = [];

beforeAll(async () => {
  for (const name of names) {
    const model = await loadGenerator(diffusionFixture(references[name]!.model));
    if (!isDiffusionModel(model)) throw new Error(`${name} did not open as a diffusion model`);
    models.set(name, model);
  }
});

afterAll(async () => {
  for (const model of models.values()) await model.dispose();
  console.log(`PyTorch reference differences (max |app - torch|):\n  ${report.join('\n  ')}`);
});

function noiseSteps(run: ReferenceRun): Float32Array[] {
  if (!run.noise) return [];
  const { shape, data } = readNpy32(run.noise);
  const per = data.length / shape[0]!;
  return Array.from({ length: shape[0]! }, (_, i) => data.subarray(i * per, (i + 1) * per));
}

describe.each(names)('%s', (name) => {
  const ref = references[name]!;

  it('gets the same x_T from the seed as the Python port of the documented sampler', () => {
    const model = models.get(name)!;
    const { data } = readNpy32(ref.xT);
    const dim = model.props.latentDim;
    for (let i = 0; i < ref.count; i++) {
      const ours = resolveLatent({ kind: 'seed', seed: ref.seed + i }, dim).z;
      expect(maxAbsDiff(ours, data.subarray(i * dim, (i + 1) * dim))).toBe(0);
    }
  });

  it('runs one forward pass like PyTorch', async () => {
    const model = models.get(name)!;
    const xT = readNpy32(ref.xT).data;
    const out = await model.denoiser.predict(xT, ref.count, 700);
    const diff = maxAbsDiff(out, readNpy32(ref.forwardT700).data);
    report.push(`${name} forward t=700: ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(TOLERANCE);
  });

  it.each(
    ref.runs.map((run) => [`${run.sampler} ${run.steps} steps eta ${run.eta}`, run] as const),
  )('%s equals the PyTorch reference to 1e-4', async (label, run) => {
    const model = models.get(name)!;
    const xT = readNpy32(ref.xT).data;
    const steps: SamplerStep[] = [];
    const final = await runSampler({
      schedule: model.schedule,
      sampling: { sampler: run.sampler, steps: run.steps, eta: run.eta },
      xT,
      denoise: (x, t) => model.denoiser.predict(x, ref.count, t),
      noise: suppliedNoise(noiseSteps(run)),
      onStep: (s) => steps.push(s),
    });
    expect(steps.map((s) => s.timestep)).toEqual(run.timesteps);
    const diff = maxAbsDiff(final, readNpy32(run.final).data);
    let line = `${name} ${label}: final ${diff.toExponential(2)}`;
    if (run.x0) {
      const { data } = readNpy32(run.x0);
      const per = xT.length;
      const x0Diff = Math.max(
        ...steps.map((s, i) => maxAbsDiff(s.x0, data.subarray(i * per, (i + 1) * per))),
      );
      line += `, x0 of every step ${x0Diff.toExponential(2)}`;
      expect(x0Diff).toBeLessThan(TOLERANCE);
    }
    report.push(line);
    expect(diff).toBeLessThan(TOLERANCE);
  });

  it.each(ref.runs.filter((r) => r.noise).map((r) => [`${r.sampler} eta ${r.eta}`, r] as const))(
    '%s: the supplied noise is the documented noise stream of x_T',
    (_label, run) => {
      const xT = readNpy32(ref.xT).data;
      const stream = documentedNoise(xT, ref.count);
      for (const [i, step] of noiseSteps(run).entries())
        expect(maxAbsDiff(stream.next(), step), `noisy step ${i}`).toBe(0);
    },
  );
});
