import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportOnnxCommand } from '../../cli/commands/export-onnx-command';
import { createRng } from '../latent/prng';
import { inspectModel } from '../models/load-generator';
import { readOnnxGraph } from '../onnx/onnx-graph';
import { tfjsRuntime } from '../models/tfjs-backend';
import { dcganGeneratorSpec } from '../training/dcgan-spec';
import type { GeneratorWeights } from '../nets/generator-spec';
import { disposeParams, initGeneratorParams, paramsToWeights } from '../training/spec-forward';
import { exportTrainedModel } from './export-trained-model';
import { writeGeneratorSpecFile } from '../nets/spec-file';
import { writeGeneratorWeightsFile } from '../nets/weights-file';

// The trainer's own DCGAN spec and initialiser, with batch-norm statistics and biases randomised
// (fresh ones are 0/1, which would make batch-norm folding trivially right).
const spec = dcganGeneratorSpec({ size: 32, channels: 3, latentDim: 32, width: 16 });
let dir: string;
let runDir: string;
let weights: GeneratorWeights;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trained-export-'));
  const { tf } = await tfjsRuntime();
  const params = initGeneratorParams(tf, spec, createRng(3));
  weights = paramsToWeights(params);
  disposeParams(params);
  const rng = createRng(4);
  for (const layer of Object.values(weights))
    for (const [name, t] of Object.entries(layer)) {
      if (name === 'kernel') continue;
      const base = name === 'gamma' ? 1 : 0;
      t.data = t.data.map(() =>
        name === 'movingVariance' ? 0.5 + rng.nextFloat() : base + 0.2 * rng.nextNormal(),
      );
    }
  await writeGeneratorSpecFile(dir, spec);
  await writeGeneratorWeightsFile(dir, spec, weights);
  // A finished run's folder: the model is in its model/ folder.
  runDir = join(dir, 'my-run');
  await mkdir(join(runDir, 'model'), { recursive: true });
  await writeGeneratorSpecFile(join(runDir, 'model'), spec);
  await writeGeneratorWeightsFile(join(runDir, 'model'), spec, weights);
  vi.stubEnv('LATENT_STUDIO_DATA_DIR', join(dir, 'data'));
});
afterAll(() => vi.unstubAllEnvs());
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('exporting a trained-model folder', () => {
  it('matches the trainer forward pass and folds every batch norm (no Transpose either)', async () => {
    const file = join(dir, 'gan.onnx');
    const result = await exportTrainedModel(dir, file);
    console.log(
      `DCGAN 32x32 vs trainer forward: max abs diff ${result.maxAbsDiff.toExponential(2)}`,
    );
    expect(result).toMatchObject({ file, latentDim: 32, width: 32, height: 32 });
    expect(result.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    const ops = readOnnxGraph(await readFile(file))!.nodes.map((n) => n.opType);
    expect(ops).not.toContain('BatchNormalization');
    expect(ops).not.toContain('Transpose');
    expect(ops.slice(0, 3)).toEqual(['Gemm', 'Reshape', 'Relu']);
    expect(await inspectModel(file)).toMatchObject({
      latentShape: [-1, 32],
      layout: 'NCHW',
      range: [-1, 1],
      rangeSource: 'activation',
      name: 'gan',
    });
  });

  it('the CLI command prints {file, maxAbsDiff, latentDim, width, height} with --json', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await exportOnnxCommand(dir, join(dir, 'cli.onnx'), true);
      const printed = JSON.parse(String(write.mock.calls[0]![0])) as Record<string, number>;
      expect(Object.keys(printed).sort()).toEqual([
        'file',
        'height',
        'latentDim',
        'maxAbsDiff',
        'width',
      ]);
      expect(printed).toMatchObject({
        file: join(dir, 'cli.onnx'),
        latentDim: 32,
        width: 32,
        height: 32,
      });
      expect(printed.maxAbsDiff).toBeLessThanOrEqual(1e-4);
    } finally {
      write.mockRestore();
    }
  });

  it('export-onnx accepts a finished run folder (its model/), named after the run', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const outDir = join(dir, 'exports');
    await mkdir(outDir);
    try {
      await exportOnnxCommand(runDir, outDir, true);
      const printed = JSON.parse(String(write.mock.calls[0]![0])) as { file: string };
      expect(printed.file).toBe(join(outDir, 'my-run.onnx'));
      expect(await inspectModel(printed.file)).toMatchObject({ latentShape: [-1, 32] });
    } finally {
      write.mockRestore();
    }
  });

  it('export-onnx on an unfinished run names the checkpoint folder to give instead', async () => {
    const unfinished = join(dir, 'unfinished');
    await mkdir(join(unfinished, 'checkpoints', 'step-0000010'), { recursive: true });
    await mkdir(join(unfinished, 'checkpoints', 'step-0000020'));
    await expect(exportOnnxCommand(unfinished, join(dir, 'x.onnx'), true)).rejects.toThrow(
      `has not finished (it has no model/ folder yet): give its newest checkpoint, ${join(unfinished, 'checkpoints', 'step-0000020')}`,
    );
    await expect(
      exportOnnxCommand(join(dir, 'exports'), join(dir, 'x.onnx'), true),
    ).rejects.toThrow(/is not a trained model: give a finished run's folder or its model\/ folder/);
  });
});
