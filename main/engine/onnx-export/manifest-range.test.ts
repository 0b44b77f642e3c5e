import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { inspectModel } from '../models/load-generator';
import type { GeneratorSpec } from '../nets/generator-spec';
import { exportGeneratorOnnxFile } from './export-generator';
import { randomWeights } from './test-support/random-specs';

it('a spec without a final tanh/sigmoid gets its range in the sidecar manifest instead', async () => {
  const spec: GeneratorSpec = {
    latentDim: 16,
    layers: [
      { kind: 'dense', units: 8 * 8 * 4 },
      { kind: 'reshape', height: 8, width: 8, channels: 4 },
      { kind: 'conv', filters: 1, kernel: 3 },
    ],
    output: { height: 8, width: 8, channels: 1, range: [-2, 2] },
  };
  const dir = await mkdtemp(join(tmpdir(), 'manifest-range-'));
  try {
    const file = join(dir, 'linear.onnx');
    const { manifestPath } = await exportGeneratorOnnxFile(file, spec, randomWeights(spec, 1), {
      modelName: 'linear',
    });
    expect(JSON.parse(await readFile(manifestPath, 'utf8'))).toMatchObject({
      name: 'linear',
      range: [-2, 2],
    });
    expect(await inspectModel(file)).toMatchObject({
      range: [-2, 2],
      rangeSource: 'manifest',
      layout: 'NCHW',
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
