import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeOnnxBytes, outputActivationRange, readOnnxGraph } from '../onnx/onnx-graph';
import { probeLatents } from './range';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'models');
const bytes = (file: string): Uint8Array => readFileSync(join(FIXTURES, file));

describe('reading the last activation from an ONNX graph', () => {
  it.each([
    ['dcgan.onnx', [-1, 1]], // ConvTranspose -> Tanh
    ['gray.onnx', [-1, 1]],
    ['flat-nhwc-sigmoid.onnx', [0, 1]], // Sigmoid -> Reshape: walks back through the reshape
    ['fixed-batch.onnx', [0, 1]],
    ['flat784.onnx', [0, 1]],
    ['range255.onnx', null], // Sigmoid -> Mul(255) -> Reshape: a Mul changes values, so unknown
    ['classifier.onnx', null], // Softmax is not a pixel activation
  ])('%s -> %j', (file, range) => {
    const graph = readOnnxGraph(bytes(file));
    expect(graph).not.toBeNull();
    expect(outputActivationRange(graph!)).toEqual(range);
  });

  it('reads node, input and output names', () => {
    const graph = readOnnxGraph(bytes('two-inputs.onnx'))!;
    expect(graph.inputs).toEqual(['z', 'label']);
    expect(graph.outputs).toEqual(['image']);
    expect(graph.nodes.map((n) => n.opType)).toContain('Gemm');
  });

  it('tells truncated files from files that are not ONNX at all', () => {
    expect(judgeOnnxBytes(bytes('dcgan.onnx'))).toBe('ok');
    expect(judgeOnnxBytes(bytes('truncated.onnx'))).toBe('truncated');
    expect(judgeOnnxBytes(bytes('not-onnx.onnx'))).toBe('not-onnx');
    expect(judgeOnnxBytes(new Uint8Array(0))).toBe('not-onnx');
  });

  it('never throws on garbage: every prefix and seeded random bytes give null', () => {
    const whole = bytes('image-input.onnx');
    for (let n = 0; n < whole.length; n++) expect(readOnnxGraph(whole.subarray(0, n))).toBeNull();
    const noise = probeLatents(4096, 1, 3);
    for (let i = 0; i < 200; i++) {
      const junk = Uint8Array.from(
        noise.subarray(i * 20, i * 20 + 20 + i * 3),
        (v) => Math.floor(Math.abs(v) * 977) % 256,
      );
      expect(() => readOnnxGraph(junk)).not.toThrow();
    }
  });
});
