import { join } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import type { NpyArray } from '../../main/engine/metrics/npy';
import { readNpz } from '../../main/engine/metrics/npz';
import { checkOnOnnxruntime, checkOnTfjs, type GradCheck } from './grad-check';
import { trainingRuntime } from '../../main/engine/training/training-runtime';
import { OP_CASES } from './op-cases';

/**
 * Every layer kind the trainers use: value and gradients from the ONNX training-graph compiler
 * (run by onnxruntime) and from tfjs, each against PyTorch autograd
 * (scripts/autodiff/make_op_grad_fixtures.py), to 1e-4 relative.
 */
const FIXTURE = join(__dirname, '../fixtures/autodiff/op-grads.npz');
let fixture: Map<string, NpyArray>;
let tf: typeof TF;

function array(key: string): NpyArray {
  const a = fixture.get(key);
  if (!a) throw new Error(`fixture has no ${key}`);
  return a;
}

beforeAll(async () => {
  fixture = await readNpz(FIXTURE);
  ({ tf } = await trainingRuntime('cpu'));
});

describe.each(Object.keys(OP_CASES))('%s', (name) => {
  const spec = OP_CASES[name]!;

  const check = (): GradCheck => ({
    name,
    inputs: spec.inputs,
    ints: spec.ints,
    build: (o, i) => spec.build(o, i),
    array,
  });

  it('matches PyTorch autograd when compiled to ONNX and run by onnxruntime', async () => {
    await checkOnOnnxruntime(check());
  });

  it('matches PyTorch autograd on tfjs', () => {
    checkOnTfjs(check(), tf);
  });
});
