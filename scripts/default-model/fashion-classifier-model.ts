import type * as TF from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { kerasToOnnx, type KerasLayer } from '../../main/engine/onnx/keras-to-onnx';
import type { KerasWeight } from '../../main/engine/onnx/keras-weights';
import { encodeOnnxModel } from '../../main/engine/onnx/onnx-proto-writer';
import type { Tf } from '../../main/engine/training/training-runtime';

/**
 * The bundled Fashion-MNIST classifier as plain Keras layers (tfjs), and its ONNX export through
 * the studio's own Keras → ONNX converter. Input: RGB 28×28 in [0, 1] (NHWC in tfjs, NCHW in ONNX,
 * the extractor manifest's contract). A fixed, non-trainable 1×1 convolution averages the channels
 * and normalises with the training set's statistics, so colour images and greyscale PNGs are treated
 * alike and the exported graph needs no custom op.
 */
export const SIDE = 28;
export const CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
/** Fashion-MNIST training-set pixel mean and standard deviation in [0, 1]. */
export const MEAN = 0.286;
export const STD = 0.353;
export const FEATURES_LAYER = 'features';
export const LOGITS_LAYER = 'logits';

export function buildClassifier(tf: Tf, seed: number): TF.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed * 16 + k });
  const image = tf.input({ shape: [SIDE, SIDE, 3], name: 'image' });
  // grey = (mean(r, g, b) − MEAN) / STD, as one fixed 1×1 convolution.
  let x = tf.layers
    .conv2d({
      name: 'grey',
      filters: 1,
      kernelSize: 1,
      trainable: false,
      kernelInitializer: tf.initializers.constant({ value: 1 / (3 * STD) }),
      biasInitializer: tf.initializers.constant({ value: -MEAN / STD }),
    })
    .apply(image) as TF.SymbolicTensor;
  [32, 64, 128].forEach((filters, i) => {
    x = tf.layers
      .conv2d({
        name: `conv${i + 1}`,
        filters,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(i),
      })
      .apply(x) as TF.SymbolicTensor;
    x = tf.layers
      .maxPooling2d({ name: `pool${i + 1}`, poolSize: 2, strides: 2 })
      .apply(x) as TF.SymbolicTensor; // 14, 7, 3
  });
  const flat = tf.layers.flatten({ name: 'flatten' }).apply(x) as TF.SymbolicTensor;
  const features = tf.layers
    .dense({ name: FEATURES_LAYER, units: 128, activation: 'relu', kernelInitializer: init(3) })
    .apply(flat) as TF.SymbolicTensor;
  const logits = tf.layers
    .dense({ name: LOGITS_LAYER, units: CLASSES.length, kernelInitializer: init(4) })
    .apply(features) as TF.SymbolicTensor;
  return tf.model({ inputs: image, outputs: [features, logits], name: 'fashion_mnist_classifier' });
}

/** The model's weights by `<layer>/<weight>` (e.g. conv1/kernel), as the converter reads them. */
function kerasWeights(model: TF.LayersModel): Map<string, KerasWeight> {
  const weights = new Map<string, KerasWeight>();
  for (const layer of model.layers)
    for (const w of layer.weights) {
      const short = w.originalName.split('/').pop()!;
      weights.set(`${layer.name}/${short}`, {
        shape: w.shape.map((d) => d!),
        data: w.read().dataSync() as Float32Array,
      });
    }
  return weights;
}

export function classifierToOnnx(model: TF.LayersModel, docString: string): Uint8Array {
  const topology = model.toJSON(undefined, false) as unknown as {
    config: { layers: KerasLayer[] };
  };
  return encodeOnnxModel(
    kerasToOnnx({
      layers: topology.config.layers,
      weights: kerasWeights(model),
      inputName: 'image',
      graphName: 'fashion_mnist_classifier',
      docString,
      outputs: [
        { layer: FEATURES_LAYER, name: 'features' },
        { layer: LOGITS_LAYER, name: 'logits' },
      ],
    }),
  );
}

/**
 * Runs the ONNX bytes in onnxruntime and the tfjs model on the same NHWC RGB batch; returns the
 * largest |onnx − tfjs| over both outputs (features and logits).
 */
export async function onnxVersusTfjs(
  tf: Tf,
  model: TF.LayersModel,
  onnx: Uint8Array,
  nhwc: Float32Array,
  n: number,
): Promise<number> {
  const nchw = new Float32Array(nhwc.length);
  const plane = SIDE * SIDE;
  for (let b = 0; b < n; b++)
    for (let p = 0; p < plane; p++)
      for (let c = 0; c < 3; c++) nchw[(b * 3 + c) * plane + p] = nhwc[(b * plane + p) * 3 + c]!;
  const session = await ort.InferenceSession.create(onnx, { executionProviders: ['cpu'] });
  let result: ort.InferenceSession.OnnxValueMapType;
  try {
    result = await session.run({ image: new ort.Tensor('float32', nchw, [n, 3, SIDE, SIDE]) });
  } finally {
    await session.release();
  }
  const outs = tf.tidy(() =>
    (model.predict(tf.tensor4d(nhwc, [n, SIDE, SIDE, 3])) as TF.Tensor[]).map(
      (t) => t.dataSync() as Float32Array,
    ),
  );
  let maxDiff = 0;
  ['features', 'logits'].forEach((name, i) => {
    const a = result[name]!.data as Float32Array;
    const b = outs[i]!;
    if (a.length !== b.length)
      throw new Error(`ONNX output ${name} has ${a.length} values, tfjs ${b.length}`);
    for (let k = 0; k < a.length; k++) maxDiff = Math.max(maxDiff, Math.abs(a[k]! - b[k]!));
  });
  return maxDiff;
}
