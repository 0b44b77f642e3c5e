import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainConfig } from '../../main/contract/training-schemas';
import { memorySource, type BatchSource } from '../../main/engine/training/data-source';

/** Solid-colour images: the simplest data a model can learn, so progress is unmistakable. */
export function solidImages(
  colours: [number, number, number][],
  copies: number,
  size: number,
): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let k = 0; k < copies; k++)
    for (const c of colours) {
      const img = new Uint8Array(size * size * 3);
      for (let p = 0; p < size * size; p++) img.set(c, p * 3);
      out.push(img);
    }
  return out;
}

export function solidSource(colours: [number, number, number][], seed = 5): BatchSource {
  return memorySource(solidImages(colours, 8, 32), 32, 3, seed);
}

export function tinyConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return {
    family: 'gan',
    size: 32,
    channels: 3,
    steps: 6,
    batch: 4,
    latentDim: 8,
    learningRate: 2e-3,
    loss: 'nonsaturating',
    diffAugment: true,
    vaeBeta: 1,
    seed: 123,
    checkpointEvery: 2,
    previewEvery: 3,
    keepCheckpoints: 3,
    background: 'white',
    ...overrides,
  };
}

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `latent-train-${prefix}-`));
}

/** A folder of real PNG files, one solid colour each, for the trainer's own folder loader. */
export async function pngFolder(
  colours: [number, number, number][],
  copies: number,
  size = 40,
): Promise<string> {
  const { default: sharp } = await import('sharp');
  const dir = await tempDir('png');
  let n = 0;
  for (let k = 0; k < copies; k++)
    for (const [r, g, b] of colours)
      await sharp({ create: { width: size, height: size, channels: 3, background: { r, g, b } } })
        .png()
        .toFile(join(dir, `img-${String((n += 1)).padStart(3, '0')}.png`));
  return dir;
}
