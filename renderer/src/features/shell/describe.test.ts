import { describe, expect, it } from 'vitest';
import { describeModel } from './describe';

describe('describeModel', () => {
  it('says the detected properties in words', () => {
    expect(
      describeModel({
        format: 'onnx',
        latentShape: [-1, 32],
        latentDim: 32,
        batch: 'dynamic',
        layout: 'NCHW',
        channels: 3,
        width: 64,
        height: 64,
        range: [-1, 1],
        rangeSource: 'activation',
        warnings: [],
      }),
    ).toBe('64×64 RGB · latent 32 · range [-1,1] · dynamic batch');
  });
});

describe('runtimeLabel', () => {
  it('does not repeat the runtime name', async () => {
    const { runtimeLabel } = await import('./describe');
    expect(runtimeLabel('ONNX', 'onnxruntime-node 1.30.0 (cpu)')).toBe(
      'onnxruntime-node 1.30.0 (cpu)',
    );
    expect(runtimeLabel('TF.js', 'tfjs 4.22.0 (wasm)')).toBe('tfjs 4.22.0 (wasm)');
    expect(runtimeLabel('ONNX', '1.30.0')).toBe('ONNX 1.30.0');
  });
});

describe('providerLabel and providerTitle', () => {
  it('say where inference runs and why not on the GPU', async () => {
    const { providerLabel, providerTitle } = await import('./describe');
    const fallback = {
      name: 'cpu' as const,
      requested: 'auto' as const,
      reason: 'onnxruntime’s CUDA provider did not load (…); inference runs on the CPU',
    };
    expect(providerLabel(fallback)).toBe('Inference: CPU (no CUDA)');
    expect(providerTitle(fallback)).toBe(`Models run on the CPU: ${fallback.reason}.`);
    expect(providerLabel({ name: 'cpu', requested: 'cpu', reason: null })).toBe('Inference: CPU');
    expect(providerLabel({ name: 'cuda', requested: 'auto', reason: null })).toBe(
      'Inference: GPU (CUDA)',
    );
  });
});
