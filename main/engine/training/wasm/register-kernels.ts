import type * as TF from '@tensorflow/tfjs';
import { backpropFilterKernel, backpropInputKernel, wasmCaller } from './conv-grads';
import { depthToSpaceKernel, leakyReluKernel } from './fast-kernels';

/**
 * Makes tfjs 4.22's wasm backend able to train the studio's GAN/VAE nets.
 *
 * Checked against `tf.getKernelsForBackend('wasm')` and tfjs-core's gradient registry (4.22):
 * - Conv2DBackpropFilter: MISSING on wasm → registered (conv-grads.ts). Without it no conv trains.
 * - Conv2DBackpropInput: present but a scalar loop (~0.7 GFLOP/s, 6× slower than the forward
 *   conv) → replaced by a Conv2D-based kernel. Also serves conv2dTranspose's forward pass.
 * - UnsortedSegmentSum: MISSING on wasm; tf.gather's gradient needs it (class embeddings in a
 *   conditional GAN) → registered as OneHot + BatchMatMul.
 * - DepthToSpace: kernel present on every backend, but tfjs-core has NO gradient for it, so
 *   sub-pixel generators cannot train anywhere → gradient registered (reshape/transpose: it is
 *   space-to-depth). The wasm kernel itself is a slow per-element loop → replaced (fast-kernels.ts).
 * - LeakyRelu: present but ~15× slower than Relu → replaced by αx + (1−α)·relu(x).
 * - Present with gradients, no action: Conv2D, FusedConv2D (custom grad via the two conv
 *   gradients), LeakyRelu (Greater/Select/Mul), Relu, Tanh, Sigmoid, Softplus, Exp, Log, Log1p,
 *   Abs, FusedBatchNorm, Mean/Sum/SquaredDifference (tf.moments), BatchMatMul/_FusedMatMul,
 *   Transpose, Reshape, PadV2, Slice, StridedSlice, Concat/SplitV, Tile, Maximum, ClipByValue,
 *   and Adam's Multiply/Add/Sub/Square/Sqrt/RealDiv. grads.test.ts runs these through tf.grads
 *   and tf.train.adam on wasm against cpu.
 * - Missing but unused by our nets, left alone: DepthwiseConv2dNativeBackpropFilter/Input
 *   (depthwise convs), Einsum, FFT/IFFT/Complex.
 */
type Tf = typeof TF;

const registered = new WeakSet<object>();

function replaceKernel(tf: Tf, kernelName: string, kernelFunc: TF.KernelFunc): void {
  // tfjs warns and keeps going on a duplicate; unregistering first keeps the console clean. The
  // original's setupFunc (its wasm function bindings) is kept: fallbacks still call the original.
  const original = tf.getKernel(kernelName, 'wasm');
  if (original) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({
    kernelName,
    backendName: 'wasm',
    kernelFunc,
    ...(original?.setupFunc && { setupFunc: original.setupFunc }),
  });
}

function unsortedSegmentSumKernel(tf: Tf): TF.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: TF.TensorInfo; segmentIds: TF.TensorInfo };
    const { numSegments } = attrs as { numSegments: number };
    const { call, free } = wasmCaller(tf, backend);
    const [k, ...rest] = x.shape as [number, ...number[]];
    const width = rest.reduce((a, b) => a * b, 1);
    // out[s] = Σ_k [id_k = s]·x[k]: a one-hot matrix product, fine for embedding-sized tables.
    const ids = call('Reshape', { x: segmentIds }, { shape: [k] });
    // wasm's OneHot writes int32 whatever dtype it is given, so ask for int32 and cast.
    const hotInt = call(
      'OneHot',
      { indices: ids },
      { depth: numSegments, onValue: 1, offValue: 0, dtype: 'int32' },
    );
    const hot = call('Cast', { x: hotInt }, { dtype: 'float32' });
    const flat = call('Reshape', { x }, { shape: [k, width] });
    const sum = call('BatchMatMul', { a: hot, b: flat }, { transposeA: true, transposeB: false });
    const out = call('Reshape', { x: sum }, { shape: [numSegments, ...rest] });
    free(ids, hotInt, hot, flat, sum);
    return out;
  };
}

function registerDepthToSpaceGradient(tf: Tf): void {
  if (tf.getGradient('DepthToSpace')) return; // a future tfjs may ship its own
  tf.registerGradient({
    kernelName: 'DepthToSpace',
    gradFunc: (dy, _saved, attrs) => {
      const { blockSize: b, dataFormat } = attrs as {
        blockSize: number;
        dataFormat: 'NHWC' | 'NCHW';
      };
      const g = dy as TF.Tensor4D;
      if (dataFormat === 'NCHW') {
        const [n, c, h, w] = g.shape;
        return {
          x: () =>
            g
              .reshape([n, c, h / b, b, w / b, b])
              .transpose([0, 3, 5, 1, 2, 4])
              .reshape([n, b * b * c, h / b, w / b]),
        };
      }
      const [n, h, w, c] = g.shape;
      return {
        x: () =>
          g
            .reshape([n, h / b, b, w / b, b, c])
            .transpose([0, 1, 3, 2, 4, 5])
            .reshape([n, h / b, w / b, b * b * c]),
      };
    },
  });
}

/**
 * Registers the missing/slow training kernels on `tf`'s wasm backend. Idempotent per tfjs
 * instance; call before the first gradient (works before or after setBackend('wasm')).
 */
export function registerWasmTrainingKernels(tf: Tf): void {
  if (registered.has(tf)) return;
  registered.add(tf);
  replaceKernel(tf, 'Conv2DBackpropFilter', backpropFilterKernel(tf));
  replaceKernel(tf, 'Conv2DBackpropInput', backpropInputKernel(tf));
  replaceKernel(
    tf,
    'DepthToSpace',
    depthToSpaceKernel(tf, tf.getKernel('DepthToSpace', 'wasm')?.kernelFunc),
  );
  replaceKernel(
    tf,
    'LeakyRelu',
    leakyReluKernel(tf, tf.getKernel('LeakyRelu', 'wasm')?.kernelFunc),
  );
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm'))
    replaceKernel(tf, 'UnsortedSegmentSum', unsortedSegmentSumKernel(tf));
  registerDepthToSpaceGradient(tf);
}
