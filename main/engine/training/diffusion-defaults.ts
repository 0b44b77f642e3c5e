import type { ScanReport, TrainConfig } from '../../contract/training-schemas';

/**
 * Starting settings of a diffusion run, each with its reason (defaults.ts decides size and
 * channels for every family). A diffusion model is trained longer than a VAE: every step teaches
 * it one noise level per image, so it needs many passes over the data.
 */
export interface DiffusionDefaultsInput {
  scan: Pick<ScanReport, 'usable' | 'files'>;
  size: 32 | 64;
  channels: 1 | 3;
  backend: string;
  seed: number;
  /** Reasons so far (size, channels); the diffusion ones are appended. */
  reasons: string[];
}

/** Below this many images the U-Net stays narrow. */
export const NARROW_UNET_BELOW = 2000;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function diffusionDefaults(input: DiffusionDefaultsInput): {
  config: TrainConfig;
  reasons: string[];
} {
  const { scan, size, channels, backend, reasons } = input;
  const usable = scan.usable;
  const native = backend === 'onnxruntime' || backend === 'tensorflow';

  const width = usable < NARROW_UNET_BELOW ? 32 : 64;
  reasons.push(
    usable < NARROW_UNET_BELOW
      ? `U-Net base width 32: ${usable} images are few, and a narrow denoiser memorises them less and trains faster.`
      : `U-Net base width 64: ${usable} images carry enough variety for a wider denoiser (about 4× the compute of width 32).`,
  );

  const largest = native && size === 32 ? 32 : 16;
  const batch = clamp(2 ** Math.floor(Math.log2(Math.max(1, usable / 4))), 4, largest);
  reasons.push(
    `Batch ${batch}: ${usable < 4 * largest ? 'a few images per batch, as the folder is small' : 'a size that fits two CPU cores'}.`,
  );

  const epochs = 25;
  const steps = clamp(Math.ceil((usable * epochs) / batch / 100) * 100, 2000, 30000);
  reasons.push(
    `${steps} steps ≈ ${Math.round((steps * batch) / Math.max(1, usable))} passes over ${usable} images: each step teaches one noise level per image, so diffusion needs many.`,
  );
  reasons.push(
    'The denoiser predicts the noise (epsilon) on DDPM’s linear noise schedule over 1000 timesteps; v-prediction and the cosine schedule are options. Previews sample with 20 DDIM steps.',
  );
  if (usable < 50)
    reasons.push(
      `Only ${usable} images: expect the model to reproduce them rather than invent new ones.`,
    );
  if (scan.files.some((f) => f.hasAlpha))
    reasons.push('Some images are transparent: transparency becomes white.');

  const config: TrainConfig = {
    family: 'diffusion',
    size,
    channels,
    steps,
    batch,
    latentDim: 64,
    learningRate: 5e-4,
    loss: 'nonsaturating',
    diffAugment: false,
    vaeBeta: 1,
    seed: input.seed,
    checkpointEvery: 500,
    previewEvery: 100,
    keepCheckpoints: 3,
    background: 'white',
    width,
    prediction: 'epsilon',
    noiseSchedule: 'linear',
  };
  return { config, reasons };
}
