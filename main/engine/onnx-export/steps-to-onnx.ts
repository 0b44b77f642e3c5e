/**
 * Export steps → ONNX nodes and initializers. Tensors are named t0, t1, … in order; the last node's
 * output is renamed "image", so a final Tanh/Sigmoid directly produces the graph output (the app
 * reads the value range from that node). Initializers are named after their step ("step3.weight").
 */
import { StudioError } from '../../contract/channels';
import type { ExportStep } from './export-steps';
import type { OnnxNodeDesc, OnnxTensorDesc } from '../onnx/onnx-proto-writer';

export function stepsToOnnx(steps: ExportStep[]): {
  nodes: OnnxNodeDesc[];
  initializers: OnnxTensorDesc[];
} {
  const nodes: OnnxNodeDesc[] = [];
  const initializers: OnnxTensorDesc[] = [];
  let current = 'z';
  const emit = (opType: string, inputs: string[], attrs?: OnnxNodeDesc['attrs']): void => {
    const out = `t${nodes.length}`;
    nodes.push({
      opType,
      name: `${opType}_${nodes.length}`,
      inputs: [current, ...inputs],
      outputs: [out],
      ...(attrs && { attrs }),
    });
    current = out;
  };
  const init = (
    stepIndex: number,
    name: string,
    dims: number[],
    data: Float32Array | BigInt64Array,
  ): string => {
    const full = `step${stepIndex}.${name}`;
    initializers.push({ name: full, dims, data });
    return full;
  };
  steps.forEach((s, i) => {
    switch (s.op) {
      case 'gemm':
        return emit('Gemm', [
          init(i, 'weight', [s.inputs, s.units], s.kernel),
          init(i, 'bias', [s.units], s.bias),
        ]);
      case 'conv': {
        // TF 'same' at stride 1: k-1 padding in total, the odd one out at the bottom/right.
        const [before, after] = [Math.floor((s.k - 1) / 2), Math.ceil((s.k - 1) / 2)];
        return emit(
          'Conv',
          [
            init(i, 'weight', [s.cout, s.cin, s.k, s.k], s.kernel),
            init(i, 'bias', [s.cout], s.bias),
          ],
          {
            kernel_shape: { ints: [s.k, s.k] },
            pads: { ints: [before, before, after, after] },
            strides: { ints: [1, 1] },
          },
        );
      }
      case 'bn': {
        const c = [s.gamma.length];
        const params = [
          init(i, 'scale', c, s.gamma),
          init(i, 'bias', c, s.beta),
          init(i, 'mean', c, s.mean),
          init(i, 'var', c, s.variance),
        ];
        return emit('BatchNormalization', params, { epsilon: { f: s.epsilon } });
      }
      case 'act':
        return emit(s.type, [], s.alpha === undefined ? undefined : { alpha: { f: s.alpha } });
      case 'reshape': {
        // 0 copies the batch size from the input, so shape inference keeps the symbolic "N".
        const dims = s.fromNhwc ? [0, s.h, s.w, s.c] : [0, s.c, s.h, s.w];
        emit('Reshape', [init(i, 'shape', [4], BigInt64Array.from(dims.map(BigInt)))]);
        if (s.fromNhwc) emit('Transpose', [], { perm: { ints: [0, 3, 1, 2] } });
        return;
      }
      case 'd2s':
        // TensorFlow's depth-to-space channel order is ONNX's DCR mode (checked numerically in tests).
        return emit('DepthToSpace', [], { blocksize: { i: s.block }, mode: { s: 'DCR' } });
    }
  });
  if (nodes.length === 0) throw new StudioError('BAD_REQUEST', 'the generator spec has no layers');
  nodes[nodes.length - 1]!.outputs = ['image'];
  return { nodes, initializers };
}
