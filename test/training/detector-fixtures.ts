import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RgbaImage } from '../../main/engine/image/png';
import { TINY_ONNX, readRgba } from '../../main/engine/metrics/extractors/extractor-test-fixtures';

export const DETECTOR_FIXTURES = join(import.meta.dirname, '../fixtures/detectors');
export const TRAIN_FOLDER = join(DETECTOR_FIXTURES, 'train');
/** The tiny ONNX feature extractor the extractor tests use; fast enough for live detectors. */
export const TINY_EXTRACTOR = TINY_ONNX;

export async function readFolder(folder: string): Promise<RgbaImage[]> {
  const files = (await readdir(folder)).filter((f) => f.endsWith('.png')).sort();
  return Promise.all(files.map((f) => readRgba(join(folder, f))));
}
