import { describe, expect, it } from 'vitest';
import { train, type PreviewImage, type StepProgress } from '../../main/engine/training/trainer';
import { solidSource, tempDir, tinyConfig } from './fixtures';

const RED: [number, number, number] = [220, 40, 40];

/** Mean |pixel − colour| of a preview grid, 0..255. */
function distanceTo(preview: PreviewImage, colour: [number, number, number]): number {
  let sum = 0;
  for (let p = 0; p < preview.rgba.length; p += 4)
    for (let c = 0; c < 3; c++) sum += Math.abs(preview.rgba[p + c]! - colour[c]!);
  return sum / ((preview.rgba.length / 4) * 3);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// onnxruntime: the runtime the app trains on.
describe('training learns a trivial data set', () => {
  it(
    'GAN: losses stay finite and the samples move to the one colour of the folder',
    { timeout: 600_000 },
    async () => {
      const previews: PreviewImage[] = [];
      const progress: StepProgress[] = [];
      const result = await train({
        loader: solidSource([RED]),
        config: tinyConfig({
          steps: 120,
          batch: 8,
          previewEvery: 20,
          checkpointEvery: 120,
          diffAugment: false,
          learningRate: 1e-3,
        }),
        outDir: await tempDir('gan-learn'),
        width: 8,
        runtime: 'ort',
        onPreview: (p) => previews.push(p),
        onProgress: (p) => progress.push(p),
      });
      expect(result.state).toBe('finished');
      for (const p of progress)
        for (const v of Object.values(p.losses)) expect(Number.isFinite(v)).toBe(true);
      const first = distanceTo(previews[0]!, RED);
      const last = distanceTo(previews[previews.length - 1]!, RED);
      console.log(
        `GAN distance to target colour: step 20 ${first.toFixed(1)} → step 120 ${last.toFixed(1)}; d ${progress[0]!.losses.d!.toFixed(3)} → ${progress.at(-1)!.losses.d!.toFixed(3)}, g ${progress[0]!.losses.g!.toFixed(3)} → ${progress.at(-1)!.losses.g!.toFixed(3)}`,
      );
      expect(last).toBeLessThan(first * 0.8);
    },
  );

  it('VAE: reconstruction loss falls on two colours', { timeout: 600_000 }, async () => {
    const progress: StepProgress[] = [];
    await train({
      loader: solidSource([RED, [20, 20, 200]]),
      config: tinyConfig({
        family: 'vae',
        steps: 30,
        batch: 8,
        checkpointEvery: 30,
        learningRate: 2e-3,
      }),
      outDir: await tempDir('vae-learn'),
      width: 4,
      runtime: 'ort',
      onProgress: (p) => progress.push(p),
    });
    for (const p of progress)
      for (const v of Object.values(p.losses)) expect(Number.isFinite(v)).toBe(true);
    const early = mean(progress.slice(0, 5).map((p) => p.losses.recon!));
    const late = mean(progress.slice(-5).map((p) => p.losses.recon!));
    console.log(
      `VAE reconstruction (BCE, per image): first 5 steps ${early.toFixed(1)} → last 5 ${late.toFixed(1)}; kl ${progress.at(-1)!.losses.kl!.toFixed(2)}`,
    );
    expect(late).toBeLessThan(early * 0.9);
  });
});
