import type { ScanReport, TrainConfig, TrainFamily } from '../../contract/training-schemas';
import { diffusionDefaults } from './diffusion-defaults';

/** Below this many images a critic memorises the folder quickly: DiffAugment is switched on. */
export const SMALL_FOLDER = 1000;

export interface DefaultsInput {
  /** The dataset scan (usable count and per-file sizes); only `usable` and `files` are read. */
  scan: Pick<ScanReport, 'usable' | 'files'>;
  family?: TrainFamily;
  /**
   * What will train: 'onnxruntime' (native kernels, the default) or a tfjs backend
   * ('tensorflow', 'wasm', 'cpu'). The native ones can afford 64 px; wasm and cpu hardly.
   */
  backend?: string;
  seed?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * The side a folder's images are trained at unless the user chooses: 32 px for small images or
 * where the runtime is slow (tfjs on wasm/cpu), 64 px where they are large enough and training
 * runs at native speed. The scan's "will be enlarged" warning names this same size.
 */
export function defaultTrainingSize(
  files: Pick<ScanReport['files'][number], 'width' | 'height'>[],
  backend = 'onnxruntime',
): { size: 32 | 64; reason: string } {
  const side = median(files.map((f) => Math.min(f.width, f.height)));
  if (side < 64)
    return {
      size: 32,
      reason: `Images are small (median short side ${side} px): training at 32 px.`,
    };
  if (backend === 'onnxruntime' || backend === 'tensorflow')
    return {
      size: 64,
      reason: `Images are large enough and ${backend === 'onnxruntime' ? 'onnxruntime' : 'native TensorFlow'} trains at native speed: 64 px.`,
    };
  return {
    size: 32,
    reason: `Training at 32 px: on the CPU (${backend}) 64 px takes about 4× longer per step. Choose 64 if you can wait.`,
  };
}

/** Sensible starting settings for a folder, each choice explained in words for the UI and CLI. */
export function defaultTrainConfig(input: DefaultsInput): {
  config: TrainConfig;
  reasons: string[];
} {
  const { scan, backend = 'onnxruntime' } = input;
  const family = input.family ?? 'gan';
  const reasons: string[] = [];
  const usable = scan.usable;
  const files = scan.files;

  const grey = files.length > 0 && files.every((f) => f.grayscale);
  const channels = grey ? 1 : 3;
  if (grey) reasons.push('Every image is greyscale, so the model is trained on 1 channel.');

  const chosen = defaultTrainingSize(files, backend);
  const size = chosen.size;
  reasons.push(chosen.reason);

  if (family === 'diffusion')
    return diffusionDefaults({ scan, size, channels, backend, seed: input.seed ?? 1, reasons });

  // DCGAN's batch of 64 where the folder allows it; the VAE's 32. Fewer when the folder is small.
  const native = backend === 'onnxruntime' || backend === 'tensorflow';
  const largest = family === 'gan' && native ? 64 : size === 32 ? 32 : 16;
  const batch = clamp(2 ** Math.floor(Math.log2(Math.max(1, usable / 4))), 4, largest);
  reasons.push(
    `Batch ${batch}: ${usable < 4 * largest ? 'a few images per batch, as the folder is small' : family === 'gan' ? 'as DCGAN trains' : 'a size that fits two CPU cores'}.`,
  );

  // Passes over the data: GANs need many; VAEs converge sooner. Bounded so small folders still get
  // enough updates and large ones finish within a day on a CPU.
  const epochs = family === 'gan' ? 60 : 30;
  const steps = clamp(
    Math.ceil((usable * epochs) / batch / 100) * 100,
    family === 'gan' ? 2000 : 1000,
    family === 'gan' ? 20000 : 10000,
  );
  reasons.push(
    `${steps} steps ≈ ${Math.round((steps * batch) / Math.max(1, usable))} passes over ${usable} images.`,
  );

  const diffAugment = family === 'gan' && usable < SMALL_FOLDER;
  if (family === 'gan')
    reasons.push(
      diffAugment
        ? `DiffAugment on: with fewer than ${SMALL_FOLDER} images the critic would memorise the folder.`
        : `DiffAugment off: ${usable} images are enough to train without it.`,
    );
  if (usable < 50)
    reasons.push(
      `Only ${usable} images: expect the model to reproduce them rather than invent new ones.`,
    );

  // DCGAN's width 64 for folders that can feed it; half as wide for small folders, which a
  // large critic memorises and a large generator cannot learn from.
  const width = family === 'gan' ? (usable >= 2000 ? 64 : 32) : 32;
  reasons.push(
    family === 'gan'
      ? `Network width ${width}: ${usable >= 2000 ? "DCGAN's, for a folder this size" : `half of DCGAN's, as ${usable} images cannot feed a larger network`}.`
      : `Network width ${width}.`,
  );

  const transparent = files.some((f) => f.hasAlpha);
  if (transparent) reasons.push('Some images are transparent: transparency becomes white.');

  const config: TrainConfig = {
    family,
    size,
    channels,
    steps,
    batch,
    latentDim: family === 'gan' ? 128 : 64,
    learningRate: family === 'gan' ? 2e-4 : 1e-3,
    loss: 'nonsaturating',
    diffAugment,
    vaeBeta: 1,
    seed: input.seed ?? 1,
    checkpointEvery: 500,
    previewEvery: 50,
    keepCheckpoints: 3,
    background: 'white',
    width,
  };
  return { config, reasons };
}
