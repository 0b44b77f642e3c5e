import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../main/engine/latent/prng';
import { defaultTrainConfig } from '../../main/engine/training/defaults';
import { diffAugment } from '../../main/engine/training/diff-augment';
import { discriminatorLoss, generatorLoss } from '../../main/engine/training/losses';
import { createModels, pick } from '../../main/engine/training/models';
import { encode } from '../../main/engine/training/vae';
import { train } from '../../main/engine/training/trainer';
import { solidSource, tempDir, tinyConfig } from './fixtures';
import { cpuTf } from './tf-cpu';

describe('training parts', () => {
  it('DiffAugment is seeded, keeps the shape and lets gradients through', async () => {
    const tf = await cpuTf();
    const x = tf.randomUniform([3, 16, 16, 3], -1, 1, 'float32', 4) as never;
    const a = await diffAugment(tf, x, createRng(1)).data();
    const b = await diffAugment(tf, x, createRng(1)).data();
    const c = await diffAugment(tf, x, createRng(2)).data();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    const g = tf.grad((t) => tf.sum(diffAugment(tf, t as never, createRng(1))))(x);
    expect(g.shape).toEqual([3, 16, 16, 3]);
    expect(Math.max(...(await g.abs().data()))).toBeGreaterThan(0);
  });

  it('losses: non-saturating and hinge have their textbook values', async () => {
    const tf = await cpuTf();
    const zero = tf.zeros([4]);
    expect(discriminatorLoss(tf, 'nonsaturating', zero, zero).dataSync()[0]).toBeCloseTo(
      2 * Math.log(2),
      6,
    );
    expect(generatorLoss(tf, 'nonsaturating', zero).dataSync()[0]).toBeCloseTo(Math.log(2), 6);
    expect(discriminatorLoss(tf, 'hinge', tf.fill([4], 2), tf.fill([4], -2)).dataSync()[0]).toBe(0);
    expect(generatorLoss(tf, 'hinge', tf.fill([4], 3)).dataSync()[0]).toBe(-3);
  });

  it('VAE encode maps images to latent means of latentDim each', async () => {
    const tf = await cpuTf();
    const m = createModels(tf, {
      config: tinyConfig({ family: 'vae', latentDim: 6 }),
      width: 2,
      reconstruction: 'bce',
    });
    const z = encode(tf, pick(m.all, 'e'), m.shape, new Float32Array(2 * 32 * 32 * 3).fill(0.5), 2);
    expect(z.length).toBe(12);
    expect(m.spec.output.range).toEqual([0, 1]);
    expect(m.spec.layers.at(-1)).toEqual({ kind: 'sigmoid' });
    m.dispose();
  });

  it('defaults: small colour folder gets 32 px and DiffAugment, with reasons', () => {
    const file = {
      file: 'a.png',
      width: 512,
      height: 400,
      format: 'png',
      channels: 3,
      hasAlpha: false,
      grayscale: false,
    };
    const small = defaultTrainConfig({
      scan: { usable: 200, files: Array.from({ length: 200 }, () => file) },
      backend: 'wasm',
    });
    expect(small.config).toMatchObject({ size: 32, channels: 3, diffAugment: true, batch: 32 });
    expect(small.reasons.join('\n')).toMatch(/DiffAugment on/);
    const big = defaultTrainConfig({
      scan: {
        usable: 5000,
        files: Array.from({ length: 5000 }, () => ({ ...file, grayscale: true })),
      },
      backend: 'tensorflow',
    });
    expect(big.config).toMatchObject({ size: 64, channels: 1, diffAugment: false, batch: 16 });
    const vae = defaultTrainConfig({
      scan: { usable: 30, files: Array.from({ length: 30 }, () => file) },
      family: 'vae',
    });
    expect(vae.config).toMatchObject({ family: 'vae', diffAugment: false, batch: 4 });
    expect(vae.reasons.join('\n')).toMatch(/Only 30 images/);
  });

  it('a fresh start never writes over an earlier run in the same folder', async () => {
    const tf = await cpuTf();
    const out = await tempDir('occupied');
    await mkdir(join(out, 'checkpoints', 'step-0000004'), { recursive: true });
    await expect(
      train({
        loader: solidSource([[1, 2, 3]]),
        config: tinyConfig(),
        outDir: out,
        width: 2,
        runtime: { tf, backend: 'cpu' },
      }),
    ).rejects.toThrow(/already holds checkpoints of an earlier run/);
  });
});
