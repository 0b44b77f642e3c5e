/**
 * Turns a checked GeneratorSpec into export steps with weights already in ONNX form. Two
 * simplifications make the exported graph smaller and faster than a literal translation:
 *
 * - Inference batch norm right after a dense/conv (or dense → reshape, as in the DCGAN spec) is
 *   folded into its weights (y = s*(Wx+b-mean)+beta with s = gamma/sqrt(var+eps) is again affine):
 *   one op fewer per block, no numerical change beyond float rounding. A batch norm anywhere else
 *   (e.g. after an activation) stays a BatchNormalization node.
 * - tfjs reshapes a dense output as NHWC; instead of Reshape+Transpose we permute the dense
 *   layer's output columns (and any per-feature batch norm between) into CHW order, so a single
 *   Reshape yields NCHW. Only when no dense feeds the reshape (z reshaped directly) is a Transpose kept.
 */
import type { GeneratorSpec, GeneratorWeights } from '../nets/generator-spec';
import type { ActivationOp, ExportStep } from './export-steps';
import { traceSpecShapes } from '../nets/spec-shapes';
import {
  foldBatchNorm,
  hwioToOihw,
  nhwcToNchwOrder,
  perFeature,
  permuteIntoChw,
} from './weight-transforms';

export type { ExportStep } from './export-steps';

const ACT: Record<string, ActivationOp> = {
  relu: 'Relu',
  leakyrelu: 'LeakyRelu',
  tanh: 'Tanh',
  sigmoid: 'Sigmoid',
};

export function planExport(spec: GeneratorSpec, weights: GeneratorWeights): ExportStep[] {
  const { inputs } = traceSpecShapes(spec, weights);
  const steps: ExportStep[] = [];
  spec.layers.forEach((layer, i) => {
    const input = inputs[i]!;
    const w = weights[i] ?? {};
    // Copies: folding and permuting rewrite these arrays, and the caller's weights must stay intact.
    const get = (name: string, n: number, fill = 0) =>
      w[name] ? Float32Array.from(w[name].data) : new Float32Array(n).fill(fill);
    const last = steps[steps.length - 1];
    if (layer.kind === 'dense' && input.kind === 'flat') {
      steps.push({
        op: 'gemm',
        kernel: get('kernel', 0),
        bias: get('bias', layer.units),
        inputs: input.units,
        units: layer.units,
      });
    } else if (layer.kind === 'conv' && input.kind === 'image') {
      const [k, cin, cout] = [layer.kernel, input.channels, layer.filters];
      steps.push({
        op: 'conv',
        kernel: hwioToOihw(get('kernel', 0), k, cin, cout),
        bias: get('bias', cout),
        k,
        cin,
        cout,
      });
    } else if (layer.kind === 'batchnorm') {
      const c = input.kind === 'flat' ? input.units : input.channels;
      const bn = {
        op: 'bn' as const,
        gamma: get('gamma', c, 1),
        beta: get('beta', c),
        mean: get('movingMean', c),
        variance: get('movingVariance', c),
        epsilon: layer.epsilon,
      };
      const beforeReshape = steps[steps.length - 2];
      if (last?.op === 'gemm' || last?.op === 'conv') foldBatchNorm(last, bn);
      else if (last?.op === 'reshape' && !last.fromNhwc && beforeReshape?.op === 'gemm')
        foldBatchNorm(beforeReshape, perFeature(bn, last.h * last.w)); // dense → reshape → BN (DCGAN)
      else steps.push(bn);
    } else if (layer.kind === 'reshape') {
      const { channels: c, height: h, width: w } = layer;
      steps.push({
        op: 'reshape',
        c,
        h,
        w,
        fromNhwc: !permuteIntoChw(steps, nhwcToNchwOrder(c, h, w)),
      });
    } else if (layer.kind === 'depthToSpace') {
      steps.push({ op: 'd2s', block: layer.block });
    } else if (layer.kind === 'leakyrelu') {
      steps.push({ op: 'act', type: 'LeakyRelu', alpha: layer.alpha });
    } else if (ACT[layer.kind] !== undefined) {
      steps.push({ op: 'act', type: ACT[layer.kind]! });
    }
  });
  return steps;
}
