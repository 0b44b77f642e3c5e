import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng } from '../../main/engine/latent/prng';
import { exportTrainedModel } from '../../main/engine/onnx-export/export-trained-model';
import { train } from '../../main/engine/training/trainer';
import { solidSource, tempDir, tinyConfig } from '../training/fixtures';

/**
 * Tiny autoregressive runs trained for real (a few steps on the onnxruntime trainer) and exported
 * as users export them: the models the loading, sampling and CLI tests open.
 */
const WORDS = [
  'the',
  'house',
  'was',
  'quiet',
  'and',
  'she',
  'walked',
  'to',
  'window',
  'garden',
  'morning',
  'letter',
  'said',
  'her',
  'sister',
  'with',
  'a',
  'smile',
];

/** Sentences of seeded words: enough text (≈ 40 passages) for a held-out split. */
export function sentences(seed: number, chars: number): string {
  const rng = createRng(seed);
  let text = '';
  while (text.length < chars) {
    const n = 4 + (rng.nextUint32() % 8);
    const words = Array.from({ length: n }, () => WORDS[rng.nextUint32() % WORDS.length]!);
    text += `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}. `;
    if (rng.nextFloat() < 0.1) text += '\n\n';
  }
  return text;
}

export async function textFolder(): Promise<string> {
  const dir = await tempDir('text-folder');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'book-one.txt'), sentences(1, 24_000));
  await writeFile(join(dir, 'book-two.md'), sentences(2, 20_000));
  return dir;
}

export interface TinyRun {
  out: string;
  file: string;
}

/** A character transformer (1 block, width 16, context 16) trained 3 steps, exported. */
export async function tinyTextModel(): Promise<TinyRun> {
  const out = await tempDir('text-run');
  const result = await train({
    folder: await textFolder(),
    config: tinyConfig({
      family: 'text',
      steps: 3,
      batch: 4,
      layers: 1,
      heads: 2,
      context: 16,
      width: 16,
      channels: 1,
      diffAugment: false,
    }),
    outDir: out,
    runtime: 'ort',
  });
  const file = join(out, 'tiny-text.onnx');
  await exportTrainedModel(result.modelDir!, file);
  return { out, file };
}

/** A colour gated PixelCNN (1 block, 6 filters) trained 2 steps on solid colours, exported. */
export async function tinyPixelCnn(): Promise<TinyRun> {
  const out = await tempDir('pixelcnn-run');
  const result = await train({
    loader: solidSource([
      [200, 40, 40],
      [30, 90, 220],
    ]),
    config: tinyConfig({ family: 'pixelcnn', steps: 2, batch: 2, layers: 1, width: 6 }),
    outDir: out,
    runtime: 'ort',
  });
  const file = join(out, 'tiny-pixelcnn.onnx');
  await exportTrainedModel(result.modelDir!, file);
  return { out, file };
}
