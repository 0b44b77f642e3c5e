import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportTrainedModel } from '../../main/engine/onnx-export/export-trained-model';
import { loadVaeEncoder } from '../../main/engine/training/vae-encoder';
import { train } from '../../main/engine/training/trainer';
import { trainingRuntime } from '../../main/engine/training/training-runtime';
import { solidSource, tempDir, tinyConfig } from './fixtures';

// The model folder the trainer writes is exactly what the ONNX exporter reads (GAN generator and
// VAE decoder alike), and the export matches the trainer's own inference pass.
describe.each(['gan', 'vae'] as const)('%s model folder → ONNX', (family) => {
  it('exports and verifies', { timeout: 300_000 }, async () => {
    const runtime = await trainingRuntime('wasm');
    const out = await tempDir(`export-${family}`);
    const result = await train({
      loader: solidSource([[90, 160, 30]]),
      config: tinyConfig({ family, steps: 3, batch: 2 }),
      outDir: out,
      width: 4,
      runtime,
    });
    const exported = await exportTrainedModel(result.modelDir!, join(out, 'model.onnx'));
    console.log(`${family}: ONNX vs tfjs max |Δ| = ${exported.maxAbsDiff}`);
    expect(exported).toMatchObject({ latentDim: 8, width: 32, height: 32 });
    expect(exported.maxAbsDiff).toBeLessThan(1e-4);
    if (family === 'vae') {
      const encoder = await loadVaeEncoder(runtime.tf, result.modelDir!);
      const z = encoder.encode(new Float32Array(2 * 32 * 32 * 3).fill(-0.2), 2);
      expect(z.length).toBe(2 * 8);
      expect(z.every(Number.isFinite)).toBe(true);
      encoder.dispose();
    }
  });
});
