import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePngRgba } from '../../main/engine/image/png';
import { sampleNormalLatent } from '../../main/engine/latent/prng';
import { formatNpy } from '../../main/engine/metrics/npy';
import { diffusionFixture, readNpy32 } from '../diffusion/fixtures';
import { json, runCli } from '../support/run-cli';
import { fixtureModel, REPO_ROOT } from '../support/temp-studio';

/** The built `latent-studio` binary on the diffusion fixtures (test/fixtures/diffusion). */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latent-diffusion-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const data = () => join(dir, 'data');
const RGB32 = diffusionFixture('unet-rgb32-int64.onnx');
const pixels = async (file: string) => decodePngRgba(new Uint8Array(await readFile(file))).rgba;

describe('latent-studio inspect on denoisers', () => {
  it.each([
    ['unet-rgb32-int64.onnx', 3, 32, 'int64', 'batch', 'dynamic', 'linear', 'epsilon'],
    [
      'unet-gray16-float-scalar.onnx',
      1,
      16,
      'float32',
      'scalar',
      2,
      'squaredcos_cap_v2',
      'v_prediction',
    ],
    ['unet-rgb16-int32-sample.onnx', 3, 16, 'int32', 'batch', 'dynamic', 'scaled_linear', 'sample'],
  ] as const)(
    'reports %s as {kind: "diffusion"} with the scheduler it will use',
    async (file, channels, size, type, shape, batch, betas, prediction) => {
      const result = json(await runCli(['inspect', diffusionFixture(file), '--json'], data()));
      expect(result).toMatchObject({
        kind: 'diffusion',
        channels,
        width: size,
        height: size,
        batch,
        latentDim: channels * size * size,
        diffusion: {
          timestep: { type, shape },
          scheduler: { beta_schedule: betas, prediction_type: prediction },
          schedulerSource: 'manifest',
        },
      });
    },
  );

  it('reports generators as {kind: "generator"}', async () => {
    const result = json(await runCli(['inspect', fixtureModel('dcgan.onnx'), '--json'], data()));
    expect(result).toMatchObject({ kind: 'generator', latentDim: 100 });
  });

  it.each([
    ['unet-conditional.onnx', /3 inputs.*encoder_hidden_states.*conditioned/],
    ['unet-half-output.onnx', /output \[1,3,8,8\] is not the shape of its sample/],
  ])('refuses %s in words, exit 1', async (file, words) => {
    const result = await runCli(['inspect', diffusionFixture(file)], data());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(words);
  });
});

describe('latent-studio sample on a diffusion model', () => {
  it('renders seeds with DDIM as the PyTorch reference does (to one 8-bit level)', async () => {
    const out = join(dir, 'ddim');
    const result = json<{ files: string[]; seeds: number[]; sampling: object }>(
      await runCli(
        [
          'sample',
          '--model',
          RGB32,
          '--seed',
          '101',
          '--count',
          '2',
          '--steps',
          '10',
          '--out',
          out,
          '--json',
        ],
        data(),
      ),
    );
    expect(result.seeds).toEqual([101, 102]);
    expect(result.sampling).toEqual({ sampler: 'ddim', steps: 10, eta: 0 });
    const reference = readNpy32('unet-rgb32-int64.ddim10.npy').data; // [2,3,32,32] in [-1,1]
    const plane = 32 * 32;
    let exact = 0;
    let total = 0;
    for (const [n, file] of result.files.entries()) {
      const rgba = await pixels(file);
      for (let p = 0; p < plane; p++)
        for (let c = 0; c < 3; c++) {
          const v = reference[n * 3 * plane + c * plane + p]!;
          const expected = Math.min(255, Math.max(0, Math.round((v + 1) * 127.5)));
          const diff = Math.abs(rgba[p * 4 + c]! - expected);
          expect(diff).toBeLessThanOrEqual(1);
          exact += diff === 0 ? 1 : 0;
          total++;
        }
    }
    expect(exact / total).toBeGreaterThan(0.99);
  });

  it('renders exactly the x_T rows of --latent FILE.npy (same pixels as their seeds)', async () => {
    const fromSeeds = json<{ files: string[] }>(
      await runCli(
        [
          'sample',
          '--model',
          RGB32,
          '--seed',
          '101',
          '--count',
          '2',
          '--sampler',
          'ddpm',
          '--steps',
          '5',
          '--out',
          join(dir, 'seeds'),
          '--json',
        ],
        data(),
      ),
    );
    const fromFile = json<{ files: string[]; latents: number; sampling: object }>(
      await runCli(
        [
          'sample',
          '--model',
          RGB32,
          '--latent',
          diffusionFixture('unet-rgb32-int64.xT.npy'),
          '--sampler',
          'ddpm',
          '--steps',
          '5',
          '--out',
          join(dir, 'latents'),
          '--json',
        ],
        data(),
      ),
    );
    expect(fromFile.latents).toBe(2);
    expect(fromFile.sampling).toEqual({ sampler: 'ddpm', steps: 5, eta: 0 });
    for (let i = 0; i < 2; i++)
      expect(Buffer.from(await pixels(fromFile.files[i]!))).toEqual(
        Buffer.from(await pixels(fromSeeds.files[i]!)),
      );
    const info = json<{ sampling: object; seed: null; latentDim: number }>(
      await runCli(['info', fromFile.files[0]!, '--json'], data()),
    );
    expect(info).toMatchObject({ seed: null, latentDim: 3072, sampling: fromFile.sampling });
  });

  it('interpolates between two noises (slerp): the first frame is the first seed', async () => {
    const out = join(dir, 'interp');
    const frames = json<{ files: string[] }>(
      await runCli(
        [
          'interpolate',
          '--model',
          RGB32,
          '--from',
          '5',
          '--to',
          '6',
          '--frames',
          '3',
          '--steps',
          '4',
          '--out',
          out,
          '--json',
        ],
        data(),
      ),
    );
    expect(frames.files).toHaveLength(3);
    const seed = json<{ files: string[] }>(
      await runCli(
        [
          'sample',
          '--model',
          RGB32,
          '--seed',
          '5',
          '--steps',
          '4',
          '--out',
          join(dir, 'seed5'),
          '--json',
        ],
        data(),
      ),
    );
    expect(Buffer.from(await pixels(frames.files[0]!))).toEqual(
      Buffer.from(await pixels(seed.files[0]!)),
    );
  });
});

describe('latent-studio sample --latent for generators', () => {
  it.each([
    ['a GAN', fixtureModel('dcgan.onnx'), 100],
    ['a VAE decoder', join(REPO_ROOT, 'test', 'fixtures', 'vae-pair', 'tiny-vae.onnx'), 4],
  ])(
    'renders z rows [N,d] of %s exactly like the seeds they came from',
    async (_what, model, d) => {
      const zs = [41, 42].map((s) => sampleNormalLatent(s, d));
      const file = join(dir, `z${d}.npy`);
      await writeFile(file, formatNpy([2, d], [...zs[0]!, ...zs[1]!]));
      const fromFile = json<{ files: string[] }>(
        await runCli(
          ['sample', '--model', model, '--latent', file, '--out', join(dir, `gz${d}`), '--json'],
          data(),
        ),
      );
      const fromSeeds = json<{ files: string[] }>(
        await runCli(
          [
            'sample',
            '--model',
            model,
            '--seed',
            '41',
            '--count',
            '2',
            '--out',
            join(dir, `gs${d}`),
            '--json',
          ],
          data(),
        ),
      );
      for (let i = 0; i < 2; i++)
        expect(Buffer.from(await pixels(fromFile.files[i]!))).toEqual(
          Buffer.from(await pixels(fromSeeds.files[i]!)),
        );
    },
  );

  it.each([
    [
      'the wrong size',
      () => formatNpy([2, 7], new Array<number>(14).fill(0.5)),
      /"bad\.npy".*7 values.*expects 100/,
    ],
    ['not an array', () => new TextEncoder().encode('hello'), /"bad\.npy" is not a valid \.npy/],
    [
      'three dimensions',
      () => formatNpy([1, 10, 10], new Array<number>(100).fill(0)),
      /"bad\.npy" has shape \(1, 10, 10\)/,
    ],
  ])('refuses a latent file of %s in words, naming it', async (_what, bytes, words) => {
    const file = join(dir, 'bad.npy');
    await writeFile(file, bytes());
    const result = await runCli(
      [
        'sample',
        '--model',
        fixtureModel('dcgan.onnx'),
        '--latent',
        file,
        '--out',
        join(dir, 'bad'),
      ],
      data(),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(words);
  });
});

describe('latent-studio project-image on a diffusion model (DDIM inversion)', () => {
  const GRAY = diffusionFixture('unet-gray16-float-scalar.onnx');
  it("finds the x_T of the model's own sample and writes it back as a PNG that records DDIM", async () => {
    const made = json<{ files: string[] }>(
      await runCli(
        [
          'sample',
          '--model',
          GRAY,
          '--seed',
          '8',
          '--count',
          '1',
          '--steps',
          '10',
          '--out',
          join(dir, 'inv-src'),
          '--json',
        ],
        data(),
      ),
    );
    const out = join(dir, 'inverted.png');
    const result = json<{
      z: string;
      distance: number;
      perceptualDistance: number | null;
      sampling: object;
      steps: number;
      optimizer: string;
      file: string;
    }>(
      await runCli(
        ['project-image', '--model', GRAY, made.files[0]!, '--steps', '10', '--out', out, '--json'],
        data(),
      ),
    );
    expect(result).toMatchObject({
      sampling: { sampler: 'ddim', steps: 10, eta: 0 },
      steps: 10,
      perceptualDistance: null,
      file: out,
    });
    expect(result.optimizer).toMatch(/ddim-inversion \(2 refinements/);
    expect(Buffer.from(result.z, 'base64').length).toBe(4 * 16 * 16);
    expect(result.distance).toBeLessThan(1e-6); // measured 0: the same 8-bit pixels
    // The PNG written with --out holds x_T and DDIM 10 steps: the same pixels as the source.
    expect(Buffer.from(await pixels(out))).toEqual(Buffer.from(await pixels(made.files[0]!)));
    const info = json<{ sampling: object }>(await runCli(['info', out, '--json'], data()));
    expect(info.sampling).toEqual({ sampler: 'ddim', steps: 10, eta: 0 });
  });

  it("refuses steps beyond the model's timesteps in words, exit 1", async () => {
    const result = await runCli(
      [
        'project-image',
        '--model',
        GRAY,
        join(REPO_ROOT, 'test', 'fixtures', 'vae-pair', 'blob.png'),
        '--steps',
        '4000',
      ],
      data(),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/1 to 1000 steps.*not 4000/);
  });
});
