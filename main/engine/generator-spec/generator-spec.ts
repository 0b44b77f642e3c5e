/**
 * A generator architecture as data. The tfjs trainer builds its forward pass from this list and
 * the ONNX exporter writes the same list as ONNX nodes, so a trained model and its export cannot
 * drift apart. Tensors are NHWC in tfjs and NCHW in ONNX; the exporter inserts the transposes.
 *
 * Upsampling is sub-pixel (conv producing 4x channels, then depthToSpace with block 2) rather than
 * transposed convolution: tfjs-wasm's Conv2DBackpropInput is a scalar loop, and sub-pixel
 * convolution trained a DCGAN 2.3x faster here.
 */
export type GeneratorLayer =
  /** z [N, in] → [N, units]; weights: kernel [in, units], bias [units]. */
  | { kind: 'dense'; units: number }
  /** [N, h*w*c] → NHWC [N, h, w, c] (row-major h, w, c, as tf.reshape does). */
  | { kind: 'reshape'; height: number; width: number; channels: number }
  /** 'same'-padded stride-1 convolution; weights: kernel HWIO [k, k, in, filters], bias [filters]. */
  | { kind: 'conv'; filters: number; kernel: number }
  /** Inference-mode batch norm; weights: gamma, beta, movingMean, movingVariance [c]; epsilon. */
  | { kind: 'batchnorm'; epsilon: number }
  | { kind: 'relu' }
  | { kind: 'leakyrelu'; alpha: number }
  | { kind: 'tanh' }
  | { kind: 'sigmoid' }
  /** NHWC depth-to-space, TensorFlow ordering (ONNX DepthToSpace mode DCR). */
  | { kind: 'depthToSpace'; block: number };

export interface GeneratorSpec {
  latentDim: number;
  layers: GeneratorLayer[];
  /** Output image (after the last layer): NHWC in tfjs, exported as NCHW. */
  output: { height: number; width: number; channels: 1 | 3; range: [number, number] };
}

/**
 * Weights per layer index, named as in the comments above (kernel, bias, gamma, beta,
 * movingMean, movingVariance), each a flat Float32Array with its shape.
 */
export type GeneratorWeights = Record<
  number,
  Record<string, { shape: number[]; data: Float32Array }>
>;
