import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../main/contract/channels';
import { dispatch } from '../../main/contract/dispatch';
import { invertDdim, inversionSampling } from '../../main/engine/diffusion/inversion';
import { documentedNoise } from '../../main/engine/diffusion/noise-stream';
import { runSampler } from '../../main/engine/diffusion/sampler';
import { isDiffusionModel, type DiffusionModel } from '../../main/engine/models/diffusion-model';
import { loadGenerator } from '../../main/engine/models/load-generator';
import { openTempStudio } from '../support/temp-studio';
import { diffusionFixture, maxAbsDiff, readNpy32 } from './fixtures';

/**
 * DDIM inversion on the diffusers-layout fixture U-Nets (main/engine/diffusion/inversion.ts):
 * against a PyTorch transcription of the same algorithm (scripts/make_ddim_inversion_reference.py),
 * and as a round trip (each model's own DDIM 10-step sample of a seeded x_T, inverted in 10 steps,
 * sampled again). Figures measured on this machine are in test/fixtures/diffusion/README.md.
 */
interface InversionEntry {
  model: string;
  image: string;
  count: number;
  steps: number;
  runs: { refinements: number; xT: string; roundTripMaxError: number }[];
}
const entries = JSON.parse(
  (await import('node:fs')).readFileSync(diffusionFixture('inversion.json'), 'utf8'),
) as Record<string, InversionEntry>;
const names = Object.keys(entries);
const models = new Map<string, DiffusionModel>();
const report: string[] = [];

beforeAll(async () => {
  for (const name of names) {
    const model = await loadGenerator(diffusionFixture(entries[name]!.model));
    if (!isDiffusionModel(model)) throw new Error(`${name} did not open as a diffusion model`);
    models.set(name, model);
  }
});
afterAll(async () => {
  for (const model of models.values()) await model.dispose();
  console.log(`DDIM inversion figures:\n  ${report.join('\n  ')}`);
});

async function invert(name: string, refinements: number) {
  const model = models.get(name)!;
  const entry = entries[name]!;
  const image = readNpy32(entry.image).data;
  const denoise = (x: Float32Array, t: number) => model.denoiser.predict(x, entry.count, t);
  const xT = await invertDdim({
    schedule: model.schedule,
    steps: entry.steps,
    refinements,
    image,
    denoise,
  });
  const back = await runSampler({
    schedule: model.schedule,
    sampling: inversionSampling(entry.steps),
    xT,
    denoise,
    noise: documentedNoise(xT, entry.count),
  });
  return { xT, image, roundTrip: maxAbsDiff(back, image) };
}

describe.each(names)('DDIM inversion of %s', (name) => {
  it.each([0, 2])('matches the PyTorch inversion with %i refinements', async (refinements) => {
    const run = entries[name]!.runs.find((r) => r.refinements === refinements)!;
    const { xT } = await invert(name, refinements);
    const diff = maxAbsDiff(xT, readNpy32(run.xT).data);
    report.push(`${name} r${refinements}: |x_T app - torch| ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(TORCH_TOLERANCE);
  });
});

/** Measured ≤ 9.2e-6 (rgb32, whose inversion divides by sqrt(alphas_cumprod[900]) ≈ 0.02 on its way up). */
const TORCH_TOLERANCE = 1e-4;

describe('round trip: a model sample → x_T → the same sample', () => {
  it('reproduces the v-prediction model sample to 1e-4 with 2 refinements (classic: ~1e-2)', async () => {
    const classic = await invert('unet-gray16-float-scalar', 0);
    const refined = await invert('unet-gray16-float-scalar', 2);
    report.push(
      `gray16 round trip: classic ${classic.roundTrip.toExponential(2)}, 2 refinements ${refined.roundTrip.toExponential(2)}`,
    );
    expect(refined.roundTrip).toBeLessThan(1e-4);
    expect(classic.roundTrip).toBeGreaterThan(100 * refined.roundTrip);
    // The DDIM map is one to one there: the starting noise itself comes back.
    const entry = entries['unet-gray16-float-scalar']!;
    const seeded = readNpy32(entry.image.replace('.ddim10.npy', '.xT.npy')).data;
    const recovered = maxAbsDiff(refined.xT, seeded);
    report.push(`gray16 recovered x_T: max |found - seeded| ${recovered.toExponential(2)}`);
    expect(recovered).toBeLessThan(1e-4);
  });
});

describe('image.project on a diffusion model (the channel every shell uses)', () => {
  let temp: Awaited<ReturnType<typeof openTempStudio>>;
  let out: string;
  const call = async <T>(channel: string, request: unknown): Promise<T> => {
    const result = await dispatch(temp.studio.handlers, channel, request);
    if (!result.ok)
      throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.value as T;
  };
  beforeAll(async () => {
    temp = await openTempStudio();
    out = await mkdtemp(join(tmpdir(), 'ddim-inversion-'));
  });
  afterAll(async () => {
    await temp.close();
    await rm(out, { recursive: true, force: true });
  });

  it("inverts a PNG of the model's own sample to an x_T that samples back to it", async () => {
    const { model } = await call<{ model: { id: string } }>('models.import', {
      path: diffusionFixture('unet-gray16-float-scalar.onnx'),
    });
    const sampling = { sampler: 'ddim', steps: 10, eta: 0 } as const;
    const { files } = await call<{ files: string[] }>('export.batch', {
      modelId: model.id,
      items: [{ latent: { kind: 'seed', seed: 77 }, name: 'sample' }],
      dir: out,
      template: '{name}',
      sampling,
    });
    const events: unknown[] = [];
    const off = temp.studio.onEvent((event, payload) => {
      if (event === 'projection.progress') events.push(payload);
    });
    const result = await call<{
      z: string;
      distance: number;
      pixelDistance: number;
      perceptualDistance: number | null;
      sampling: typeof sampling;
      steps: number;
      evaluations: number;
      optimizer: string;
      frame: Frame;
    }>('image.project', {
      modelId: model.id,
      image: { path: files[0] },
      steps: 10,
      jobId: 'inv-1',
    });
    off();
    expect(result).toMatchObject({
      sampling,
      steps: 10,
      perceptualDistance: null,
      evaluations: 40,
    });
    expect(result.optimizer).toMatch(/^ddim-inversion/);
    expect(events).toHaveLength(10);
    // The PNG holds 8-bit pixels, so the target is the sample rounded to 1/255; the found x_T
    // renders back within a fraction of that rounding (MSE in [0, 1]² per value).
    report.push(
      `gray16 PNG round trip through image.project: distance ${result.distance.toExponential(2)}`,
    );
    expect(result.distance).toBeLessThan(1e-6); // one 8-bit level on 10 of 768 values: 2e-7
    expect(result.distance).toBe(result.pixelDistance);
    // (Measured: 0, the same 8-bit pixels. x_T itself is not the seed's: rounding the image to
    // 1/255 moves it by up to ~2 at some values, amplified on the way up like the sampler's
    // float32 differences; the render back does not move.) The latent renders as the frame shown.
    const again = await call<{ frame: Frame }>('render.frame', {
      modelId: model.id,
      latent: { kind: 'z', z: result.z },
      sampling: result.sampling,
    });
    expect(Buffer.from(again.frame.rgba).equals(Buffer.from(result.frame.rgba))).toBe(true);
  });

  it('refuses steps the model does not have, in words', async () => {
    const { models } = await call<{ models: { id: string; kind: string }[] }>('models.list', {});
    const modelId = models.find((m) => m.kind === 'diffusion')!.id;
    await expect(
      call('image.project', {
        modelId,
        image: { path: diffusionFixture('../vae-pair/blob.png') },
        steps: 5000,
      }),
    ).rejects.toThrow(/1 to 1000 steps/);
  });
});
