import type { Ops } from '../autodiff/ops';
import { groupNorm, silu } from './composite-ops';
import { padsOf, type NetLayer, type NetSpec } from './net-spec';

/**
 * The one forward pass of a NetSpec, written against Ops: the ONNX compiler, tfjs and the ONNX
 * exporter all run this function, so the runtimes cannot disagree about what a layer means.
 * In 'train' mode batch norm uses the batch's statistics and reports them (for the running
 * averages); in 'infer' mode it uses the running statistics.
 */
export interface RunOptions<T> {
  mode: 'train' | 'infer';
  /** Batch statistics of each batch-norm layer in 'train' mode (mean and biased variance). */
  onBatchStats?: (layer: number, mean: T, variance: T) => void;
}

export function runNet<T>(
  o: Ops<T>,
  spec: NetSpec,
  param: (name: string) => T,
  input: T,
  options: RunOptions<T>,
): T {
  let x = input;
  spec.layers.forEach((layer, i) => {
    x = applyLayer(o, layer, i, (role) => param(`${i}.${role}`), x, options);
  });
  return x;
}

function applyLayer<T>(
  o: Ops<T>,
  layer: NetLayer,
  i: number,
  p: (role: string) => T,
  x: T,
  options: RunOptions<T>,
): T {
  const n = o.shape(x)[0]!;
  switch (layer.kind) {
    case 'dense':
      return o.dense(x, p('weight'), layer.bias === false ? null : p('bias'));
    case 'unflatten': {
      const { channels: c, height: h, width: w } = layer;
      if (layer.order === 'hwc') return o.transpose(o.reshape(x, [n, h, w, c]), [0, 3, 1, 2]);
      return o.reshape(x, [n, c, h, w]);
    }
    case 'flatten':
      return o.reshape(layer.order === 'hwc' ? o.transpose(x, [0, 2, 3, 1]) : x, [n, -1]);
    case 'conv':
    case 'convTranspose': {
      const options = { strides: [layer.stride, layer.stride] as const, pads: padsOf(layer.pad) };
      const b = layer.bias === false ? null : p('bias');
      return layer.kind === 'conv'
        ? o.conv2d(x, p('weight'), b, options)
        : o.convTranspose2d(x, p('weight'), b, options);
    }
    case 'batchnorm': {
      if (options.mode === 'infer')
        return o.batchNormInference(
          x,
          p('gamma'),
          p('beta'),
          p('runningMean'),
          p('runningVar'),
          layer.epsilon,
        );
      const { y, mean, variance } = o.batchNorm(x, p('gamma'), p('beta'), layer.epsilon);
      options.onBatchStats?.(i, mean, variance);
      return y;
    }
    case 'groupnorm':
      return groupNorm(o, x, p('gamma'), p('beta'), layer.groups, layer.epsilon);
    case 'relu':
      return o.relu(x);
    case 'leakyrelu':
      return o.leakyRelu(x, layer.alpha);
    case 'tanh':
      return o.tanh(x);
    case 'sigmoid':
      return o.sigmoid(x);
    case 'silu':
      return silu(o, x);
    case 'depthToSpace':
      return o.depthToSpace(x, layer.block);
    case 'minibatchStd':
      return minibatchStd(o, x, layer.groupSize);
  }
}

/** The largest group size ≤ wanted that divides the batch (StyleGAN needs an exact split). */
export function stdGroup(batch: number, wanted: number): number {
  for (let g = Math.min(wanted, batch); g > 1; g--) if (batch % g === 0) return g;
  return 1;
}

function minibatchStd<T>(o: Ops<T>, x: T, wanted: number): T {
  const [n, c, h, w] = o.shape(x) as [number, number, number, number];
  const g = stdGroup(n, wanted);
  const m = n / g;
  // Sample n·… belongs to group n mod m, as in StyleGAN's reshape [G, M, C, H, W].
  const grouped = o.reshape(x, [g, m, c, h, w]);
  const centred = o.sub(grouped, o.mean(grouped, [0], true));
  const std = o.sqrt(o.add(o.mean(o.square(centred), [0]), o.scalar(1e-8)));
  const perGroup = o.reshape(o.mean(std, [1, 2, 3]), [1, m, 1, 1, 1]);
  const tiled = o.mul(perGroup, o.constant(new Float32Array(g * m * h * w).fill(1), [g, m, 1, h, w]));
  return o.concat([x, o.reshape(tiled, [n, 1, h, w])], 1);
}
