import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCli } from '../support/run-cli';
import { pngFolder } from '../training/fixtures';

/**
 * The built `latent-studio` binary trains a diffusion model on a folder of PNGs (a narrow U-Net,
 * v-prediction on the cosine schedule), exports it, and the export is a diffusion model the
 * other commands know: inspect reports its scheduler, sample renders it with DDIM.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latent-train-diffusion-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
const data = () => join(dir, 'data');

describe('latent-studio train --family diffusion', () => {
  it(
    'trains, exports in the diffusers layout, and inspect and sample treat the file as diffusion',
    { timeout: 300_000 },
    async () => {
      const folder = await pngFolder(
        [
          [200, 40, 40],
          [40, 40, 200],
        ],
        2,
      );
      const out = join(dir, 'run');
      const trained = await runCli(
        [
          'train',
          folder,
          '--family',
          'diffusion',
          '--size',
          '32',
          '--steps',
          '2',
          '--batch',
          '2',
          '--width',
          '8',
          '--prediction',
          'v',
          '--schedule',
          'cosine',
          '--runtime',
          'ort',
          '--out',
          out,
          '--json',
        ],
        data(),
      );
      expect(trained.code, trained.stderr).toBe(0);
      const lines = trained.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.filter((l) => 'step' in l && 'losses' in l).map((l) => l.step)).toEqual([1, 2]);
      expect(lines.at(-1)).toEqual({ done: true, model: join(out, 'model') });

      const file = join(dir, 'denoiser.onnx');
      const exported = json<{ kind: string; maxAbsDiff: number; latentDim: number }>(
        await runCli(['export-onnx', join(out, 'model'), '--out', file, '--json'], data()),
      );
      expect(exported).toMatchObject({ kind: 'diffusion', latentDim: 3 * 32 * 32 });
      expect(exported.maxAbsDiff).toBeLessThan(1e-4);

      expect(json(await runCli(['inspect', file, '--json'], data()))).toMatchObject({
        kind: 'diffusion',
        channels: 3,
        width: 32,
        height: 32,
        diffusion: {
          timestep: { type: 'int64', shape: 'batch' },
          scheduler: {
            num_train_timesteps: 1000,
            beta_schedule: 'squaredcos_cap_v2',
            prediction_type: 'v_prediction',
          },
          schedulerSource: 'manifest',
        },
      });

      const sampled = json<{ files: string[]; sampling: object }>(
        await runCli(
          ['sample', '--model', file, '--seed', '3', '--count', '2', '--steps', '4'].concat([
            '--out',
            join(dir, 'samples'),
            '--json',
          ]),
          data(),
        ),
      );
      expect(sampled.sampling).toEqual({ sampler: 'ddim', steps: 4, eta: 0 });
      expect(sampled.files).toHaveLength(2);
      for (const f of sampled.files) expect(existsSync(f)).toBe(true);
    },
  );

  it('refuses an unknown --prediction in words, exit 1', async () => {
    const result = await runCli(
      ['train', dir, '--family', 'diffusion', '--prediction', 'x0', '--out', join(dir, 'no')],
      data(),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--prediction must be epsilon or v/);
  });
});
