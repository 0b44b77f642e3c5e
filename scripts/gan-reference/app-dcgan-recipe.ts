import type { TrainConfig } from '../../main/contract/training-schemas';

/** Network width of the comparison: DCGAN's 64, as dcgan_reference.py's ngf = ndf = 64. */
export const COMPARISON_WIDTH = 64;

/**
 * Issue 9's comparison recipe, the app's side of dcgan_reference.py: DCGAN, 32 px, 1 channel,
 * latent 128, batch 64, Adam 2e-4, BCE non-saturating, no DiffAugment, on onnxruntime. One place,
 * so every script that claims "the same recipe" trains exactly it; callers add how often to
 * checkpoint, preview and evaluate.
 */
export function comparisonRecipe(options: {
  steps: number;
  seed: number;
  learningRate?: number;
}): Omit<TrainConfig, 'checkpointEvery' | 'previewEvery' | 'keepCheckpoints'> {
  return {
    family: 'gan',
    size: 32,
    channels: 1,
    steps: options.steps,
    batch: 64,
    latentDim: 128,
    learningRate: options.learningRate ?? 2e-4,
    loss: 'nonsaturating',
    diffAugment: false,
    vaeBeta: 1,
    seed: options.seed,
    background: 'white',
    runtime: 'ort',
  };
}
