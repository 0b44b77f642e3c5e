/**
 * TEST-ONLY reference forward pass of a GeneratorSpec in plain tfjs ops, written straight from the
 * layer comments in generator-spec.ts (NHWC, TF semantics). It exists so the exporter can be checked
 * against an independent reading of the spec; the trainer's real forward pass lives in
 * training/spec-forward.ts and is not used here, so these tests do not depend on it.
 */
import type * as TF from '@tensorflow/tfjs';
import type { GeneratorSpec, GeneratorWeights } from '../../nets/generator-spec';

export function referenceForward(
  tf: typeof TF,
  spec: GeneratorSpec,
  weights: GeneratorWeights,
  z: Float32Array,
  n: number,
): Float32Array {
  return tf.tidy(() => {
    const w = (i: number, name: string): TF.Tensor | null => {
      const t = weights[i]?.[name];
      return t ? tf.tensor(t.data, t.shape, 'float32') : null;
    };
    let x: TF.Tensor = tf.tensor2d(z, [n, spec.latentDim]);
    spec.layers.forEach((layer, i) => {
      switch (layer.kind) {
        case 'dense':
          x = tf.matMul(x, w(i, 'kernel')!);
          x = tf.add(x, w(i, 'bias') ?? tf.scalar(0));
          break;
        case 'reshape':
          x = tf.reshape(x, [n, layer.height, layer.width, layer.channels]);
          break;
        case 'conv':
          x = tf.conv2d(x as TF.Tensor4D, w(i, 'kernel') as TF.Tensor4D, 1, 'same');
          x = tf.add(x, w(i, 'bias') ?? tf.scalar(0));
          break;
        case 'batchnorm': {
          const [mean, variance] = [w(i, 'movingMean')!, w(i, 'movingVariance')!];
          const [offset, scale] = [w(i, 'beta') ?? undefined, w(i, 'gamma') ?? undefined];
          x = tf.batchNorm(x, mean, variance, offset, scale, layer.epsilon);
          break;
        }
        case 'relu':
          x = tf.relu(x);
          break;
        case 'leakyrelu':
          x = tf.leakyRelu(x, layer.alpha);
          break;
        case 'tanh':
          x = tf.tanh(x);
          break;
        case 'sigmoid':
          x = tf.sigmoid(x);
          break;
        case 'depthToSpace':
          x = tf.depthToSpace(x as TF.Tensor4D, layer.block, 'NHWC');
          break;
      }
    });
    return x.dataSync() as Float32Array;
  });
}
