import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleNormalLatent } from '../../main/engine/latent/prng';
import { isDiffusionModel } from '../../main/engine/models/diffusion-model';
import { loadGenerator } from '../../main/engine/models/load-generator';
import { readNets, readTensors } from '../../main/engine/training/checkpoint';
import { exportTrainedModel } from '../../main/engine/onnx-export/export-trained-model';
import { createFamily } from '../../main/engine/training/families/family';
import { trainingScheduler } from '../../main/engine/training/families/diffusion-family';
import { OrtForwardRunner } from '../../main/engine/training/runtime/forward-runner';
import { TrainingSampler } from '../../main/engine/training/sampling';
import { train } from '../../main/engine/training/trainer';
import { solidSource, tempDir, tinyConfig } from './fixtures';

/**
 * A trained diffusion run's model folder → export-onnx → the diffusers layout the app opens
 * (sample + timestep → out_sample, manifest kind "diffusion" with the run's scheduler), proven
 * against tfjs; the file reloads through the app's diffusion path and samples the same images
 * (DDIM, same x_T) as the trainer's own sampler does from the model folder's weights.
 */
const config = tinyConfig({
  family: 'diffusion',
  steps: 4,
  batch: 4,
  learningRate: 1e-3,
  prediction: 'v_prediction',
  noiseSchedule: 'cosine',
});
let out: string;
let modelDir: string;

beforeAll(async () => {
  out = await tempDir('export-diffusion');
  const result = await train({
    loader: solidSource([[200, 40, 40]]),
    config,
    outDir: out,
    width: 8,
    runtime: 'ort',
  });
  expect(result.state).toBe('finished');
  modelDir = result.modelDir!;
}, 600_000);

describe('a trained diffusion model exported to ONNX', () => {
  let file: string;
  let maxAbsDiff: number;

  it(
    'is written in the diffusers layout with its scheduler, and matches tfjs',
    { timeout: 300_000 },
    async () => {
      file = join(out, 'denoiser.onnx');
      const r = await exportTrainedModel(modelDir, file);
      maxAbsDiff = r.maxAbsDiff;
      console.log(`diffusion export: ONNX vs tfjs max |Δ| = ${r.maxAbsDiff}`);
      expect(r).toMatchObject({ kind: 'diffusion', latentDim: 3 * 32 * 32, width: 32, height: 32 });
      expect(r.maxAbsDiff).toBeLessThan(1e-4);
      const manifest = JSON.parse(await readFile(r.manifestPath, 'utf8')) as Record<
        string,
        unknown
      >;
      expect(manifest).toMatchObject({
        kind: 'diffusion',
        scheduler: {
          ...trainingScheduler(config),
          beta_schedule: 'squaredcos_cap_v2',
          prediction_type: 'v_prediction',
        },
        sampling: { sampler: 'ddim', steps: 50, eta: 0 },
      });
    },
  );

  it(
    'reloads through the diffusion path and samples what the trainer sampled',
    { timeout: 300_000 },
    async () => {
      expect(maxAbsDiff).toBeDefined();
      const model = await loadGenerator(file);
      try {
        expect(isDiffusionModel(model)).toBe(true);
        if (!isDiffusionModel(model)) return;
        // The app reads the run's scheduler back exactly, and the diffusers I/O.
        expect(model.diffusion).toMatchObject({
          scheduler: trainingScheduler(config),
          schedulerSource: 'manifest',
          sampleInput: 'sample',
          timestep: { name: 'timestep', type: 'int64', shape: 'batch' },
          defaults: { sampler: 'ddim', steps: 50, eta: 0 },
        });
        const count = 3;
        const per = 3 * 32 * 32;
        const xT = new Float32Array(count * per);
        for (let i = 0; i < count; i++) xT.set(sampleNormalLatent(40 + i, per), i * per);
        const sampling = { sampler: 'ddim', steps: 10, eta: 0 } as const;
        const app = await model.generate(xT, count, sampling);

        // The trainer's sampler on the model folder's weights (EMA), same settings.
        const nets = await readNets(modelDir);
        const { state } = await readTensors(modelDir);
        const family = createFamily({ config, width: 8, reconstruction: 'bce' });
        expect(nets.g).toEqual(family.sampler.spec);
        const forward = new OrtForwardRunner(family.sampler.spec);
        const sampler = new TrainingSampler(
          {
            ...family,
            sampler: {
              ...family.sampler,
              diffusion: { scheduler: trainingScheduler(config), sampling },
            },
          },
          forward,
        );
        const trainer = await sampler.generate((name) => state[`g.${name}`]!, xT, count);
        await forward.dispose();
        let diff = 0;
        for (let i = 0; i < app.length; i++) diff = Math.max(diff, Math.abs(app[i]! - trainer[i]!));
        console.log(`diffusion: app DDIM vs trainer DDIM max |Δ| = ${diff}`);
        expect(diff).toBeLessThan(1e-4);
        // Not a constant image: the sampler really ran the network.
        const spread = Math.max(...app) - Math.min(...app);
        expect(spread).toBeGreaterThan(0.05);
      } finally {
        await model.dispose();
      }
    },
  );
});
