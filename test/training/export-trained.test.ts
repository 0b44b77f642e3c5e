import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { exportTrainedModel } from '../../main/engine/onnx-export/export-trained-model';
import { train } from '../../main/engine/training/trainer';
import { solidSource, tempDir, tinyConfig } from './fixtures';

// The model folder the trainer writes is exactly what the ONNX exporter reads (GAN generator and
// VAE decoder alike); the export matches the same network run eagerly on tfjs; a VAE's encoder
// is exported beside it and maps an image the decoder made back to latents.
describe.each(['gan', 'vae'] as const)('%s model folder → ONNX', (family) => {
  it('exports and verifies', { timeout: 300_000 }, async () => {
    const out = await tempDir(`export-${family}`);
    const result = await train({
      loader: solidSource([[90, 160, 30]]),
      config: tinyConfig({ family, steps: 3, batch: 4 }),
      outDir: out,
      width: 4,
      runtime: 'ort',
    });
    const file = join(out, 'model.onnx');
    const exported = await exportTrainedModel(result.modelDir!, file);
    console.log(`${family}: ONNX vs tfjs max |Δ| = ${exported.maxAbsDiff}`);
    expect(exported).toMatchObject({ latentDim: 8, width: 32, height: 32 });
    expect(exported.maxAbsDiff).toBeLessThan(1e-4);
    const decoder = await ort.InferenceSession.create(file);
    const z = new Float32Array(3 * 8).map((_, i) => Math.sin(i));
    const images = await decoder.run({ z: new ort.Tensor('float32', z, [3, 8]) });
    expect(images.image!.dims).toEqual([3, 3, 32, 32]);
    await decoder.release();
    if (family === 'gan') expect(exported.encoderFile).toBeNull();
    else {
      const encoder = await ort.InferenceSession.create(exported.encoderFile!);
      const r = await encoder.run({ image: images.image! });
      expect(r.mean!.dims).toEqual([3, 8]);
      expect(r.logvar!.dims).toEqual([3, 8]);
      expect([...(r.mean!.data as Float32Array)].every(Number.isFinite)).toBe(true);
      await encoder.release();
    }
  });
});
