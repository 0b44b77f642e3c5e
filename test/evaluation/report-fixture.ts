import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evalReportSchema, type EvalReport } from '../../main/contract/eval-schemas';
import { encodePng } from '../../main/engine/image/png';

/** A flat-coloured PNG with a square of another colour, so thumbnails are not uniform. */
export async function writeSquarePng(path: string, size: number, colour: number[]): Promise<void> {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const inside = x > size / 4 && x < (3 * size) / 4 && y > size / 4 && y < (3 * size) / 4;
      rgba.set(inside ? [...colour, 255] : [20, 20, 24, 255], (y * size + x) * 4);
    }
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, encodePng({ width: size, height: size, rgba }));
}

/**
 * An evaluation as the engine stores it (validated by the real schema), comparing a folder of
 * generated images with a training folder: input for the report writers, not an expected output.
 */
export function folderReport(
  dir: string,
  overrides: { id: string; createdAt: string; fid: number; kid: number; extractorId?: string },
): EvalReport {
  return evalReportSchema.parse({
    id: overrides.id,
    createdAt: overrides.createdAt,
    request: {
      metrics: ['fid', 'kid', 'memorization'],
      fake: { kind: 'folder', path: join(dir, 'fake') },
      real: { kind: 'folder', path: join(dir, 'real') },
      extractor: 'tiny-extractor.onnx',
    },
    extractor: {
      id: overrides.extractorId ?? 'tiny-extractor@test+bilinear32',
      label: 'Tiny test extractor (64-d)',
      dim: 64,
    },
    fake: { label: 'fake', n: 2 },
    real: { label: 'real', n: 3 },
    order: ['kid', 'fid', 'memorization'],
    results: {
      fid: { value: overrides.fid, warning: 'FID is biased upwards below 2,000 images per side.' },
      kid: { mean: overrides.kid, std: 0.0012, subsets: 10, subsetSize: 2 },
      memorization: {
        threshold: 0.25,
        thresholdRule: '5th percentile of train-to-train distances',
        flagged: 1,
        total: 2,
        pairs: [
          {
            sample: 0,
            seed: null,
            sampleFile: join(dir, 'fake', 'a.png'),
            trainFile: join(dir, 'real', 'r0.png'),
            distance: 0.125,
            flagged: true,
          },
          {
            sample: 1,
            seed: null,
            sampleFile: join(dir, 'fake', 'b.png'),
            trainFile: join(dir, 'real', 'r1.png'),
            distance: 0.5,
            flagged: false,
          },
        ],
      },
    },
    warnings: ['Only 3 reference images: scores vary a lot at this size.'],
    durationSec: 1.5,
  });
}
