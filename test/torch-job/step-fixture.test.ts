import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NetSpec } from '../../main/engine/nets/net-spec';
import { readTensors } from '../../main/engine/training/checkpoint';
import { createFamily, type ModelSetup } from '../../main/engine/training/families/family';
import { OrtStepRunner } from '../../main/engine/training/runtime/ort-step-runner';
import { maxRelativeError } from '../autodiff/tolerance';
import { REPO_ROOT } from '../support/temp-studio';
import { customGanProgram } from './custom-run';

/**
 * The app's training step on onnxruntime equals one step of the exported PyTorch job, read from
 * the committed fixture (scripts/torch-job/make-step-fixture.ts; no Python needed here): a tiny
 * DCGAN with DiffAugment and a minibatch-stddev critic, from the same initial weights on the same
 * batch, with the app's own z and augmentation for step 0. Losses, gradients (PyTorch autograd
 * against the app's first Adam moment, m = (1 − β1)·g), updated weights, Adam moments, EMA and
 * running statistics agree to 1e-4 relative.
 */
const DIR = join(REPO_ROOT, 'test', 'fixtures', 'torch-job', 'gan-step');

interface Meta {
  setup: ModelSetup;
  step: number;
  nets: Record<string, NetSpec>;
}

describe("the app's GAN step equals the PyTorch job's (committed fixture)", () => {
  it(
    'losses, gradients, weights, Adam moments, EMA, running statistics',
    { timeout: 120_000 },
    async () => {
      const meta = JSON.parse(await readFile(join(DIR, 'meta.json'), 'utf8')) as Meta;
      const { config } = meta.setup;
      const program = customGanProgram(config, meta.nets);
      const family = createFamily(meta.setup); // for the step's inputs: z and augmentation by seed
      const start = (await readTensors(DIR, 'start')).state;
      const after = (await readTensors(DIR, 'after')).state;
      const grads = (await readTensors(DIR, 'grads')).state;
      const real = (await readTensors(DIR, 'batch')).state.real!;
      const torchLosses = JSON.parse(await readFile(join(DIR, 'losses.json'), 'utf8')) as Record<
        string,
        number
      >;
      const runner = await OrtStepRunner.create(program, config.batch, start, { threads: 1 });
      try {
        const losses = await runner.step(
          family.batchInputs(real, config.batch, meta.step),
          family.scalars(meta.step, { g: 1, d: 1 }),
        );
        const state = runner.state();
        const worst = { losses: 0, state: 0, gradients: 0 };
        for (const k of program.lossNames) {
          const e = maxRelativeError([losses[k]!], [torchLosses[k]!]);
          worst.losses = Math.max(worst.losses, e);
          expect(e, `loss ${k}`).toBeLessThan(1e-4);
        }
        const names = Object.keys(program.stateShapes);
        expect(Object.keys(after).sort()).toEqual([...names].sort());
        let moved = 0;
        for (const name of names) {
          const e = maxRelativeError(state[name]!, after[name]!);
          worst.state = Math.max(worst.state, e);
          expect(e, name).toBeLessThan(1e-4);
          if (maxRelativeError(after[name]!, start[name]!) > 1e-3) moved++;
        }
        // The step really trained: every parameter, moment and EMA weight moved (not the critic's
        // running statistics, which the app never updates).
        expect(moved).toBeGreaterThan(names.length * 0.8);
        expect(Object.keys(grads).length).toBe(
          names.filter((n) => n.startsWith('adam.') && n.includes('.m.')).length,
        );
        for (const [name, g] of Object.entries(grads)) {
          const m = state[`adam.${name.split('.')[0]}.m.${name}`]!;
          const e = maxRelativeError(
            Float32Array.from(m, (v) => v / 0.5),
            g,
          );
          worst.gradients = Math.max(worst.gradients, e);
          expect(e, `gradient of ${name}`).toBeLessThan(1e-4);
        }
        console.log(`app (onnxruntime) vs PyTorch fixture: ${JSON.stringify(worst)}`);
        expect(meta.nets.d!.layers.some((l) => l.kind === 'minibatchStd')).toBe(true);
      } finally {
        await runner.dispose();
      }
    },
  );
});
