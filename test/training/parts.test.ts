import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TfjsOps } from '../../main/engine/autodiff/tfjs-ops';
import { createRng } from '../../main/engine/latent/prng';
import { defaultTrainConfig } from '../../main/engine/training/defaults';
import { AUGMENT_PARAMS, drawAugment } from '../../main/engine/training/diff-augment';
import {
  applyAugmentOps,
  augmentArrays,
} from '../../main/engine/training/families/diff-augment-ops';
import { train } from '../../main/engine/training/trainer';
import { solidSource, tempDir, tinyConfig } from './fixtures';
import { cpuTf } from './tf-cpu';

describe('training parts', () => {
  it('DiffAugment translation and cutout: each output pixel reads the shifted input or 0', () => {
    const size = 8;
    const params = new Float32Array(2 * AUGMENT_PARAMS);
    params.set([0, 1, 1, 2, -1, 0, 0], 0); // shift down 2, left 1; cutout square at the corner
    params.set([0, 1, 1, 0, 0, 6, 6], AUGMENT_PARAMS); // no shift; cutout centred at (6, 6)
    const { index } = augmentArrays(params, 2, size);
    const at = (n: number, y: number, x: number) => Number(index[n * size * size + y * size + x]);
    const zero = size * size;
    expect(at(0, 5, 5)).toBe((5 + 2) * size + (5 - 1));
    expect(at(0, 6, 5)).toBe(zero); // y + 2 falls off the bottom
    expect(at(0, 5, 0)).toBe(zero); // x − 1 falls off the left
    expect(at(0, 1, 1)).toBe(zero); // inside the cutout square (half the size, centred at 0,0)
    expect(at(1, 1, 1)).toBe(1 * size + 1);
    expect(at(1, 6, 6)).toBe(zero);
  });

  it('DiffAugment is seeded and lets gradients through to the images', async () => {
    const tf = await cpuTf();
    const o = new TfjsOps(tf);
    const x = tf.randomUniform([3, 3, 16, 16], -1, 1, 'float32', 4);
    const run = (seed: number) => {
      const a = augmentArrays(drawAugment(createRng(seed), 3, 16), 3, 16);
      return (t: typeof x) =>
        applyAugmentOps(o, t, {
          brightness: tf.tensor(a.brightness),
          saturation: tf.tensor(a.saturation),
          contrast: tf.tensor(a.contrast),
          index: tf.tensor(Int32Array.from(a.index, Number), [3, 256], 'int32'),
        });
    };
    expect(Array.from(run(1)(x).dataSync())).toEqual(Array.from(run(1)(x).dataSync()));
    expect(Array.from(run(1)(x).dataSync())).not.toEqual(Array.from(run(2)(x).dataSync()));
    const g = tf.grad((t) => tf.sum(run(1)(t)))(x);
    expect(g.shape).toEqual([3, 3, 16, 16]);
    expect(Math.max(...(await g.abs().data()))).toBeGreaterThan(0);
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
      backend: 'onnxruntime',
    });
    expect(big.config).toMatchObject({ size: 64, channels: 1, diffAugment: false, batch: 64 });
    expect(big.reasons.join('\n')).toMatch(/onnxruntime trains at native speed: 64 px/);
    const vae = defaultTrainConfig({
      scan: { usable: 30, files: Array.from({ length: 30 }, () => file) },
      family: 'vae',
    });
    expect(vae.config).toMatchObject({ family: 'vae', diffAugment: false, batch: 4 });
    expect(vae.reasons.join('\n')).toMatch(/Only 30 images/);
  });

  it('a fresh start never writes over an earlier run in the same folder', async () => {
    const out = await tempDir('occupied');
    await mkdir(join(out, 'checkpoints', 'step-0000004'), { recursive: true });
    await expect(
      train({ loader: solidSource([[1, 2, 3]]), config: tinyConfig(), outDir: out, width: 4 }),
    ).rejects.toThrow(/already holds checkpoints of an earlier run/);
  });
});
