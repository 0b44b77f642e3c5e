import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectModel } from '../models/load-generator';
import { outputActivationRange, readOnnxGraph } from '../onnx/onnx-graph';
import { tfjsRuntime } from '../models/tfjs-backend';
import { exportGeneratorOnnx, exportGeneratorOnnxFile } from './export-generator';
import { referenceForward } from './test-support/reference-forward';
import { specCases } from './test-support/random-specs';
import { verifyOnnxExport } from './verify-export';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'onnx-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(specCases())('export of $label', ({ spec, weights }) => {
  it('matches the tfjs forward pass within 1e-4 in onnxruntime', async () => {
    const { tf } = await tfjsRuntime();
    const bytes = exportGeneratorOnnx(spec, weights, { modelName: 'test' });
    const forward = async (z: Float32Array, n: number) => referenceForward(tf, spec, weights, z, n);
    const { maxAbsDiff } = await verifyOnnxExport(bytes, forward, spec, { samples: 4, seed: 7 });
    console.log(`max abs diff ${maxAbsDiff.toExponential(2)}`);
    expect(maxAbsDiff).toBeLessThanOrEqual(1e-4);
  });

  it('ends in the activation node, so the loader reads the range from the graph', () => {
    const graph = readOnnxGraph(exportGeneratorOnnx(spec, weights, { modelName: 'test' }))!;
    expect(graph.inputs).toEqual(['z']);
    expect(graph.outputs).toEqual(['image']);
    expect(graph.nodes.at(-1)!.opType).toBe(spec.output.range[0] === 0 ? 'Sigmoid' : 'Tanh');
    expect(outputActivationRange(graph)).toEqual(spec.output.range);
  });

  it('is accepted by the app loader as a dynamic-batch NCHW generator', async () => {
    const file = join(dir, `${spec.output.width}-${spec.output.channels}-${spec.latentDim}.onnx`);
    const { manifestPath } = await exportGeneratorOnnxFile(file, spec, weights, {
      modelName: 'My GAN',
      docString: 'epoch 3',
    });
    expect(JSON.parse(await readFile(manifestPath, 'utf8'))).toEqual({
      name: 'My GAN',
      note: 'epoch 3',
    });
    const props = await inspectModel(file);
    expect(props).toMatchObject({
      format: 'onnx',
      latentShape: [-1, spec.latentDim],
      latentDim: spec.latentDim,
      batch: 'dynamic',
      layout: 'NCHW',
      channels: spec.output.channels,
      width: spec.output.width,
      height: spec.output.height,
      range: spec.output.range,
      rangeSource: 'activation',
      name: 'My GAN',
      note: 'epoch 3',
    });
  });
});
