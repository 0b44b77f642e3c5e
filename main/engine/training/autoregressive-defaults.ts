import type { TrainConfig } from '../../contract/training-schemas';
import { defaultTrainConfig, type DefaultsInput } from './defaults';

/**
 * Starting settings of the autoregressive families, each with its reason in words.
 *
 * PixelCNN: 28 px when the images are that small (MNIST-like), else 32; 32 filters (48 for
 * colour, a multiple of the 3 colour groups), 5 gated blocks (receptive field 7 rows up, 6
 * columns to each side at 3×3 kernels), batch 16, Adam 1e-3.
 *
 * Text: the model grows with the corpus — a model much larger than its text memorises it, a much
 * smaller one underfits; at CPU speed the steps are bounded too.
 */
export function defaultPixelCnnConfig(input: DefaultsInput): {
  config: TrainConfig;
  reasons: string[];
} {
  const base = defaultTrainConfig({ ...input, family: 'vae' });
  const reasons = base.reasons.filter((r) => /greyscale|transparent|Only \d+ images/.test(r));
  const files = input.scan.files;
  const sides = files.map((f) => Math.min(f.width, f.height)).sort((a, b) => a - b);
  const side = sides[Math.floor(sides.length / 2)] ?? 32;
  const size = side <= 28 ? 28 : 32;
  reasons.push(
    size === 28
      ? `Images are ${side} px: the PixelCNN models them at 28 px, their own size.`
      : `The PixelCNN models 32 px images (a likelihood model at 64 px is too slow on a CPU).`,
  );
  const batch = Math.min(
    16,
    Math.max(4, 2 ** Math.floor(Math.log2(Math.max(1, input.scan.usable / 4)))),
  );
  const steps = Math.min(
    20000,
    Math.max(1000, Math.ceil((input.scan.usable * 10) / batch / 100) * 100),
  );
  reasons.push(
    `Batch ${batch}, ${steps} steps ≈ ${Math.round((steps * batch) / Math.max(1, input.scan.usable))} passes: each step predicts every sub-pixel of every image.`,
  );
  reasons.push(
    '5 gated blocks of 3×3 masked convolutions: each pixel sees 7 rows above and 6 columns to each side.',
  );
  reasons.push(
    '5% of the images are held out to chart bits per dimension on images the model never saw.',
  );
  return {
    config: {
      ...base.config,
      family: 'pixelcnn',
      size,
      batch,
      steps,
      learningRate: 1e-3,
      layers: 5,
      previewEvery: 200,
    },
    reasons,
  };
}

export interface TextStats {
  chars: number;
  files: number;
  vocab: number;
}

/** Model size from the corpus size, and the width to pass as the run's network width. */
export function defaultTextConfig(
  stats: TextStats,
  seed = 1,
): { config: TrainConfig; width: number; reasons: string[] } {
  const { chars } = stats;
  const small = chars < 200_000;
  const large = chars > 5_000_000;
  const context = small ? 64 : large ? 256 : 128;
  const width = small ? 64 : large ? 192 : 128;
  const layers = small ? 2 : large ? 6 : 4;
  const heads = width / 32;
  const batch = small ? 16 : 32;
  const tokensPerStep = batch * context;
  const steps = Math.min(20000, Math.max(500, Math.ceil((chars * 4) / tokensPerStep / 100) * 100));
  const reasons = [
    `${chars.toLocaleString('en')} characters in ${stats.files} file(s), ${stats.vocab} distinct characters: a character vocabulary (one token per character, so the loss in bits is bits per character).`,
    `Context ${context} characters: ${small ? 'enough for a phrase, and short windows keep a small corpus from being memorised' : large ? 'a few sentences; the corpus is large enough to learn from them' : 'about two sentences'}.`,
    `Width ${width}, ${layers} blocks, ${heads} heads (≈${Math.round((12 * layers * width * width) / 1000)}k weights): ${small ? 'small, as the corpus is small' : large ? 'as large as a CPU trains in hours' : 'a model that learns spelling and phrases from a book-sized corpus'}.`,
    `Batch ${batch} windows, ${steps} steps ≈ ${((steps * tokensPerStep) / Math.max(1, chars)).toFixed(1)} passes over the text.`,
    '5% of the passages are held out: bits per character and BLEU are measured on them.',
  ];
  return {
    width,
    reasons,
    config: {
      family: 'text',
      size: 32,
      channels: 1,
      steps,
      batch,
      latentDim: 2,
      learningRate: 1e-3,
      loss: 'nonsaturating',
      diffAugment: false,
      vaeBeta: 1,
      seed,
      checkpointEvery: 500,
      previewEvery: 100,
      keepCheckpoints: 3,
      background: 'white',
      layers,
      heads,
      context,
      width,
    },
  };
}
