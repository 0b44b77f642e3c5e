import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bits, pixelNllSum, tokenNllSum } from '../../main/engine/autoregressive/likelihood';
import { readNpz } from '../../main/engine/metrics/npz';

/**
 * The held-out figures `eval nll` and the training chart report (likelihood.ts, float64 in JS)
 * against PyTorch on fixed batches (scripts/autodiff/make_autoregressive_grad_fixtures.py):
 * bits/dim of a PixelCNN's logits [N, C·L, H, W] is PyTorch's mean −log_softmax at the true level
 * over every sub-pixel, divided by ln 2; bits/char is F.cross_entropy / ln 2.
 */
const FIXTURE = join(__dirname, '../fixtures/autodiff/autoregressive-grads.npz');

describe('bits per dimension and per character', () => {
  it('match PyTorch on the fixed batches', async () => {
    const fx = await readNpz(FIXTURE);
    const get = (k: string) => {
      const a = fx.get(k);
      if (!a) throw new Error(`fixture has no ${k}`);
      return a;
    };
    const logits = Float32Array.from(get('pixel_nll.logits').data);
    expect(get('pixel_nll.logits').shape).toEqual([2, 12, 3, 3]);
    const levels = Uint8Array.from(get('pixel_nll.targets').data);
    const pixel = pixelNllSum(logits, levels, 2, 3, 9, 4);
    expect(pixel.count).toBe(2 * 3 * 9);
    const torchPixelBits = Number(get('pixel_nll.y').data[0]) / Math.LN2;
    expect(torchPixelBits).toBeGreaterThan(0.5);
    expect(bits(pixel)).toBeCloseTo(torchPixelBits, 5);

    const tokenLogits = Float32Array.from(get('token_xent.logits').data);
    const next = Array.from(get('token_xent.targets').data, Number);
    const text = tokenNllSum(tokenLogits, next, 2, 4, 6);
    const torchCharBits = Number(get('token_xent.y').data[0]) / Math.LN2;
    expect(bits(text)).toBeCloseTo(torchCharBits, 5);
    // Scoring from position 2 leaves the first two tokens of each row out of the mean.
    expect(tokenNllSum(tokenLogits, next, 2, 4, 6, 2).count).toBe(4);
  });

  it('are uniform-model figures for flat logits: log2 of the level or vocabulary count', () => {
    const flat = pixelNllSum(
      new Float32Array(1 * 256 * 4),
      new Uint8Array([0, 9, 200, 255]),
      1,
      1,
      4,
    );
    expect(bits(flat)).toBeCloseTo(8, 10);
    expect(bits(tokenNllSum(new Float32Array(3 * 5), [1, 2, 3], 1, 3, 5))).toBeCloseTo(
      Math.log2(5),
      10,
    );
  });
});
