import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import type { NpyArray } from '../../main/engine/metrics/npy';
import { readNpz } from '../../main/engine/metrics/npz';
import { checkOnOnnxruntime, checkOnTfjs, type GradCheck } from './grad-check';
import { trainingRuntime } from '../../main/engine/training/training-runtime';
import { AUTOREGRESSIVE_CASES } from './autoregressive-cases';

/**
 * The autoregressive layer kinds (gated PixelCNN with masked convs, transformer layers) and losses:
 * value and every gradient, compiled to ONNX (onnxruntime) and on tfjs, against PyTorch autograd
 * (scripts/autodiff/make_autoregressive_grad_fixtures.py) to 1e-4 relative.
 */
const FIXTURE = join(__dirname, '../fixtures/autodiff/autoregressive-grads.npz');
let fixture: Map<string, NpyArray>;
let tf: typeof TF;

function array(key: string): NpyArray {
  const a = fixture.get(key);
  if (!a) throw new Error(`fixture has no ${key}`);
  return a;
}
const f32 = (a: NpyArray) => Float32Array.from(a.data);
const fx = (key: string) => f32(array(key));

beforeAll(async () => {
  fixture = await readNpz(FIXTURE);
  ({ tf } = await trainingRuntime('cpu'));
});

describe.each(Object.keys(AUTOREGRESSIVE_CASES))('%s', (name) => {
  const spec = AUTOREGRESSIVE_CASES[name]!;

  const check = (): GradCheck => ({
    name,
    inputs: spec.inputs,

    build: (o, i) => spec.build(o, i, fx),
    array,
  });

  it('matches PyTorch autograd when compiled to ONNX and run by onnxruntime', async () => {
    await checkOnOnnxruntime(check());
  });

  it('matches PyTorch autograd on tfjs', () => {
    checkOnTfjs(check(), tf);
  });
});
