import type { GeneratorSpec, GeneratorWeights } from './generator-spec';
import type { NetLayer, NetSpec } from '../nets/net-spec';

/**
 * Model folders written before the ONNX training runtime hold a GeneratorSpec (tfjs layout: NHWC,
 * conv kernels HWIO, Keras batch-norm names). This reads one as a NetSpec with its weights in the
 * NetSpec layout, so the one exporter serves them too.
 */
export function legacyToNet(
  spec: GeneratorSpec,
  weights: GeneratorWeights,
): { net: NetSpec; params: Map<string, Float32Array> } {
  const params = new Map<string, Float32Array>();
  const layers: NetLayer[] = spec.layers.map((l, i): NetLayer => {
    const w = weights[i] ?? {};
    const put = (name: string, key: string) => {
      const t = w[key];
      if (t) params.set(`${i}.${name}`, t.data);
    };
    switch (l.kind) {
      case 'dense':
        put('weight', 'kernel');
        put('bias', 'bias');
        return { kind: 'dense', units: l.units, bias: 'bias' in w };
      case 'reshape':
        return {
          kind: 'unflatten',
          channels: l.channels,
          height: l.height,
          width: l.width,
          order: 'hwc',
        };
      case 'conv': {
        const kernel = w.kernel;
        if (kernel)
          params.set(
            `${i}.weight`,
            hwioToOihw(kernel.data, kernel.shape as [number, number, number, number]),
          );
        put('bias', 'bias');
        // TensorFlow 'same' at stride 1: k−1 padding in all, the odd one out at the bottom/right.
        const [a, b] = [Math.floor((l.kernel - 1) / 2), Math.ceil((l.kernel - 1) / 2)];
        return {
          kind: 'conv',
          filters: l.filters,
          kernel: l.kernel,
          stride: 1,
          pad: [a, a, b, b],
          bias: 'bias' in w,
        };
      }
      case 'batchnorm':
        put('runningMean', 'movingMean');
        put('runningVar', 'movingVariance');
        // gamma and beta were optional (an unscaled batch norm): 1 and 0.
        params.set(
          `${i}.gamma`,
          w.gamma?.data ?? new Float32Array(w.movingMean?.data.length ?? 0).fill(1),
        );
        params.set(`${i}.beta`, w.beta?.data ?? new Float32Array(w.movingMean?.data.length ?? 0));
        return { kind: 'batchnorm', epsilon: l.epsilon, momentum: 0.01 };
      default:
        return l;
    }
  });
  const net: NetSpec = {
    input: { kind: 'vector', size: spec.latentDim },
    layers,
    init: 'glorot',
    outputRange: spec.output.range,
  };
  return { net, params };
}

function hwioToOihw(
  data: Float32Array,
  [h, w, i, o]: [number, number, number, number],
): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < i; c++)
        for (let k = 0; k < o; k++)
          out[((k * i + c) * h + y) * w + x] = data[((y * w + x) * i + c) * o + k]!;
  return out;
}
