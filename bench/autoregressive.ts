import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPixelCnn, loadTextModel } from '../main/engine/autoregressive/onnx-models';
import { samplePixels } from '../main/engine/autoregressive/pixel-sampler';
import { createRng, sampleNormalLatent } from '../main/engine/latent/prng';
import { pixelCnn, pixelReach, textTransformer } from '../main/engine/nets/autoregressive-nets';
import { initNetParams } from '../main/engine/nets/net-params';
import { exportPixelCnnNet, exportTextNet } from '../main/engine/onnx-export/export-autoregressive';
import { pixelFilters } from '../main/engine/training/families/autoregressive-family';

/**
 * Autoregressive sampling speed (issue 11), on networks of the default shapes with seeded random
 * weights (speed does not depend on what was learnt):
 *
 * - PixelCNN at 28 px, greyscale, the default 5 gated blocks of 32 filters: images/s of the
 *   windowed sampler (each sub-pixel runs the network on the few rows and columns it can see)
 *   at batch 1 and 8, against recomputing the whole image for every sub-pixel (estimated from
 *   timed whole-image passes × 784 steps) — the ratio is what the windows save.
 * - Character transformer, the default small (context 64, width 64, 2 blocks) and medium
 *   (context 128, width 128, 4 blocks) shapes: tokens/s of generation, which recomputes the
 *   context window for every token (no key/value cache).
 */
async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await f();
  return [r, (performance.now() - t0) / 1000];
}

function weights(spec: Parameters<typeof initNetParams>[0]) {
  const params = initNetParams(spec, createRng(7));
  return (name: string) => params[name]!.data;
}

export async function autoregressiveBench(seconds: number) {
  const dir = await mkdtemp(join(tmpdir(), 'latent-ar-bench-'));
  try {
    const size = 28;
    const spec = pixelCnn({ size, channels: 1, filters: pixelFilters(32, 1), blocks: 5 });
    const file = join(dir, 'pixelcnn.onnx');
    await writeFile(file, exportPixelCnnNet(spec, weights(spec), 'bench'));
    const reach = pixelReach(spec);
    const model = await loadPixelCnn(file, {
      modality: 'image',
      levels: 256,
      channels: 1,
      size,
      reach,
    });
    const pixel = [];
    for (const batch of [1, 8]) {
      const [, windowedSec] = await timed(() =>
        samplePixels({
          n: batch,
          channels: 1,
          size,
          reach,
          z: sampleNormalLatent(batch, batch * size * size),
          temperature: 1,
          logits: (x, n, h, w) => model.logits(x, n, h, w),
        }),
      );
      const full = new Float32Array(batch * size * size);
      let passes = 0;
      const [, fullSec] = await timed(async () => {
        const until = performance.now() + Math.min(seconds, 3) * 1000;
        while (performance.now() < until || passes < 3) {
          await model.logits(full, batch, size, size);
          passes += 1;
        }
      });
      const fullImagesPerSec = batch / ((fullSec / passes) * size * size);
      pixel.push({
        batch,
        imagesPerSec: batch / windowedSec,
        fullImageRecomputeImagesPerSec: fullImagesPerSec,
        speedup: batch / windowedSec / fullImagesPerSec,
      });
    }
    await model.dispose();

    const text = [];
    for (const shape of [
      { name: 'small', context: 64, width: 64, layers: 2, heads: 2 },
      { name: 'medium', context: 128, width: 128, layers: 4, heads: 4 },
    ]) {
      const vocab = [
        '\uFFFD',
        ...Array.from({ length: 79 }, (_, i) => String.fromCharCode(32 + i)),
      ];
      const tspec = textTransformer({ ...shape, vocab: vocab.length });
      const tfile = join(dir, `text-${shape.name}.onnx`);
      await writeFile(tfile, exportTextNet(tspec, weights(tspec), 'bench'));
      const tm = await loadTextModel(tfile, {
        modality: 'text',
        tokenizer: 'char',
        vocab,
        context: shape.context,
      });
      const settings = { temperature: 1, topK: 0, topP: 1, seed: 1 };
      await tm.generate('warm up', { ...settings, maxTokens: 4 });
      let tokens = 0;
      const [, sec] = await timed(async () => {
        const until = performance.now() + seconds * 1000;
        while (performance.now() < until)
          tokens += (await tm.generate('Once upon a time', { ...settings, maxTokens: 32 })).tokens;
      });
      await tm.dispose();
      text.push({ ...shape, vocab: vocab.length, tokensPerSec: tokens / sec });
    }
    return { pixelcnn28: pixel, text };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
