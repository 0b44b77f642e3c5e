import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RgbaImage } from '../../main/engine/metrics/extractors/extractor';

export const DETECTOR_FIXTURES = join(import.meta.dirname, '../fixtures/detectors');
export const TRAIN_FOLDER = join(DETECTOR_FIXTURES, 'train');
export const TINY_EXTRACTOR = join(
  import.meta.dirname,
  '../fixtures/extractors/tiny-extractor.onnx',
);

export async function readRgba(file: string): Promise<RgbaImage> {
  const { data, info } = await sharp(file)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

export async function readFolder(folder: string): Promise<RgbaImage[]> {
  const files = (await readdir(folder)).filter((f) => f.endsWith('.png')).sort();
  return Promise.all(files.map((f) => readRgba(join(folder, f))));
}
