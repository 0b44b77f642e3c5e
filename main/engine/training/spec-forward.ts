import type * as TF from '@tensorflow/tfjs';
import type { Rng } from '../latent/prng';
import type { GeneratorLayer, GeneratorSpec, GeneratorWeights } from '../nets/generator-spec';

/**
 * The tfjs forward pass of a GeneratorSpec. The trainer and the ONNX exporter both read the same
 * spec, so what trains here is exactly what exports. Parameters are tf.Variables keyed by layer
 * index and weight name, with the names and shapes documented in generator-spec.ts.
 */
export type Tf = typeof TF;
export type ParamSet = Record<number, Record<string, TF.Variable>>;

/** Batchnorm running statistics are not trained by gradients; they are excluded from optimisers. */
export const NON_TRAINABLE = new Set(['movingMean', 'movingVariance']);
export const BATCHNORM_MOMENTUM = 0.99;

// tfjs variable names are global to the engine; a counter keeps two models' names apart.
let modelCounter = 0;
/** A process-unique prefix for one model's variable names. */
export function uniquePrefix(name: string): string {
  modelCounter += 1;
  return `${name}${modelCounter}`;
}

/** Glorot-uniform values drawn from the project PRNG, so an initialisation is the same on any backend. */
export function glorotUniform(rng: Rng, size: number, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (rng.nextFloat() * 2 - 1) * limit;
  return out;
}

/**
 * A variable holding `data`. tf.variable keeps its own reference to the initial tensor's data, so
 * the initial tensor must be freed separately; the tidy does that (variables survive a tidy).
 * Without it every variable left one tensor behind per train() call.
 */
export function ownedVariable(
  tf: Tf,
  data: Float32Array,
  shape: number[],
  trainable: boolean,
  name?: string,
): TF.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(data, shape), trainable, name));
}

function filled(size: number, value: number): Float32Array {
  return new Float32Array(size).fill(value);
}

/** Channels (or features) flowing out of each layer, so shapes can be derived from the spec alone. */
export function layerShapes(spec: GeneratorSpec): number[] {
  let width = spec.latentDim;
  return spec.layers.map((layer) => {
    if (layer.kind === 'dense') width = layer.units;
    else if (layer.kind === 'reshape') width = layer.channels;
    else if (layer.kind === 'conv') width = layer.filters;
    else if (layer.kind === 'depthToSpace') width = width / (layer.block * layer.block);
    return width;
  });
}

/** Creates the variables of every layer; `name` prefixes the variable names. */
export function initGeneratorParams(tf: Tf, spec: GeneratorSpec, rng: Rng, name = 'g'): ParamSet {
  const params: ParamSet = {};
  const widths = layerShapes(spec);
  const prefix = uniquePrefix(name);
  spec.layers.forEach((layer, i) => {
    const inWidth = i === 0 ? spec.latentDim : (widths[i - 1] ?? 0);
    const v = (key: string, data: Float32Array, shape: number[]) =>
      ownedVariable(tf, data, shape, !NON_TRAINABLE.has(key), `${prefix}_${i}_${key}`);
    if (layer.kind === 'dense') {
      const size = inWidth * layer.units;
      params[i] = {
        kernel: v('kernel', glorotUniform(rng, size, inWidth, layer.units), [inWidth, layer.units]),
        bias: v('bias', filled(layer.units, 0), [layer.units]),
      };
    } else if (layer.kind === 'conv') {
      const k = layer.kernel;
      const shape = [k, k, inWidth, layer.filters];
      const data = glorotUniform(
        rng,
        k * k * inWidth * layer.filters,
        k * k * inWidth,
        k * k * layer.filters,
      );
      params[i] = {
        kernel: v('kernel', data, shape),
        bias: v('bias', filled(layer.filters, 0), [layer.filters]),
      };
    } else if (layer.kind === 'batchnorm') {
      params[i] = {
        gamma: v('gamma', filled(inWidth, 1), [inWidth]),
        beta: v('beta', filled(inWidth, 0), [inWidth]),
        movingMean: v('movingMean', filled(inWidth, 0), [inWidth]),
        movingVariance: v('movingVariance', filled(inWidth, 1), [inWidth]),
      };
    }
  });
  return params;
}

/**
 * NHWC depth-to-space in TensorFlow (DCR) order, written with reshape + transpose because tfjs has
 * no gradient for its DepthToSpace op. out[n, h*b+i, w*b+j, c] = in[n, h, w, (i*b + j)*C + c].
 */
export function depthToSpaceNhwc(tf: Tf, x: TF.Tensor, block: number): TF.Tensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const outC = c / (block * block);
  const split = tf.reshape(x, [n, h, w, block, block, outC]);
  const moved = tf.transpose(split, [0, 1, 3, 2, 4, 5]);
  return tf.reshape(moved, [n, h * block, w * block, outC]);
}

/** Batch moments a train-mode forward pass produced; applied to the moving stats after the step. */
export interface MovingStatUpdate {
  layer: number;
  mean: TF.Tensor;
  variance: TF.Tensor;
}

function layerParam(params: ParamSet, i: number, key: string): TF.Variable {
  const p = params[i]?.[key];
  if (!p) throw new Error(`Layer ${i} has no weight "${key}".`);
  return p;
}

function applyLayer(
  tf: Tf,
  layer: GeneratorLayer,
  i: number,
  params: ParamSet,
  x: TF.Tensor,
  mode: 'train' | 'infer',
  sink: MovingStatUpdate[] | undefined,
): TF.Tensor {
  const p = (key: string) => layerParam(params, i, key);
  switch (layer.kind) {
    case 'dense':
      return tf.add(tf.matMul(x as TF.Tensor2D, p('kernel') as TF.Tensor2D), p('bias'));
    case 'reshape':
      return tf.reshape(x, [-1, layer.height, layer.width, layer.channels]);
    case 'conv':
      return tf.add(tf.conv2d(x as TF.Tensor4D, p('kernel') as TF.Tensor4D, 1, 'same'), p('bias'));
    case 'batchnorm': {
      let mean: TF.Tensor = p('movingMean');
      let variance: TF.Tensor = p('movingVariance');
      if (mode === 'train') {
        const moments = tf.moments(x, [0, 1, 2]);
        mean = moments.mean;
        variance = moments.variance;
        // Kept past the tape's tidy; their values (not gradients) update the running stats later.
        sink?.push({
          layer: i,
          mean: tf.keep(tf.clone(mean)),
          variance: tf.keep(tf.clone(variance)),
        });
      }
      const scale = tf.mul(p('gamma'), tf.rsqrt(tf.add(variance, layer.epsilon)));
      return tf.add(tf.mul(tf.sub(x, mean), scale), p('beta'));
    }
    case 'relu':
      return tf.relu(x);
    case 'leakyrelu':
      return tf.leakyRelu(x, layer.alpha);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'depthToSpace':
      return depthToSpaceNhwc(tf, x, layer.block);
  }
}

/**
 * Runs the spec on z [N, latentDim] → NHWC images. In 'train' mode batchnorm normalises with the
 * batch's own moments and pushes them to `sink`; call applyMovingStats after the gradient step so
 * the running statistics change outside the gradient tape. 'infer' uses the running statistics
 * (what the ONNX export computes).
 */
export function generatorForward(
  tf: Tf,
  spec: GeneratorSpec,
  params: ParamSet,
  z: TF.Tensor,
  mode: 'train' | 'infer',
  sink?: MovingStatUpdate[],
): TF.Tensor4D {
  return tf.tidy(() => {
    let x = z;
    spec.layers.forEach((layer, i) => {
      x = applyLayer(tf, layer, i, params, x, mode, sink);
    });
    return x as TF.Tensor4D;
  });
}

/** moving = momentum·moving + (1−momentum)·batch, as Keras does; disposes the batch moments. */
export function applyMovingStats(tf: Tf, params: ParamSet, updates: MovingStatUpdate[]): void {
  for (const u of updates) {
    tf.tidy(() => {
      const blend = (v: TF.Variable, batch: TF.Tensor) =>
        v.assign(tf.add(tf.mul(v, BATCHNORM_MOMENTUM), tf.mul(batch, 1 - BATCHNORM_MOMENTUM)));
      blend(layerParam(params, u.layer, 'movingMean'), u.mean);
      blend(layerParam(params, u.layer, 'movingVariance'), u.variance);
    });
    u.mean.dispose();
    u.variance.dispose();
  }
  updates.length = 0;
}

/** Copies every variable out to plain arrays (the GeneratorWeights the exporter and weight files use). */
export function paramsToWeights(params: ParamSet): GeneratorWeights {
  const weights: GeneratorWeights = {};
  for (const [index, layer] of Object.entries(params)) {
    const entry: GeneratorWeights[number] = {};
    for (const [key, v] of Object.entries(layer)) {
      entry[key] = { shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) };
    }
    weights[Number(index)] = entry;
  }
  return weights;
}

/** Builds variables from stored weights, checking each shape against what the spec needs. */
export function weightsToParams(
  tf: Tf,
  spec: GeneratorSpec,
  weights: GeneratorWeights,
  name = 'g',
): ParamSet {
  const params: ParamSet = {};
  const template = shapeTemplate(spec);
  const prefix = uniquePrefix(name);
  for (const [index, keys] of Object.entries(template)) {
    const i = Number(index);
    const layer: Record<string, TF.Variable> = {};
    params[i] = layer;
    for (const [key, shape] of Object.entries(keys)) {
      const w = weights[i]?.[key];
      if (!w)
        throw new Error(`The weights have no "${key}" for layer ${i} (${spec.layers[i]?.kind}).`);
      if (w.shape.join('x') !== shape.join('x'))
        throw new Error(
          `Layer ${i} ${key} has shape ${w.shape.join('x')}; the spec needs ${shape.join('x')}.`,
        );
      layer[key] = ownedVariable(
        tf,
        w.data,
        shape,
        !NON_TRAINABLE.has(key),
        `${prefix}_${i}_${key}`,
      );
    }
  }
  return params;
}

/** The weight names and shapes each layer of a spec needs. */
export function shapeTemplate(spec: GeneratorSpec): Record<number, Record<string, number[]>> {
  const widths = layerShapes(spec);
  const out: Record<number, Record<string, number[]>> = {};
  spec.layers.forEach((layer, i) => {
    const inWidth = i === 0 ? spec.latentDim : (widths[i - 1] ?? 0);
    if (layer.kind === 'dense') out[i] = { kernel: [inWidth, layer.units], bias: [layer.units] };
    else if (layer.kind === 'conv')
      out[i] = {
        kernel: [layer.kernel, layer.kernel, inWidth, layer.filters],
        bias: [layer.filters],
      };
    else if (layer.kind === 'batchnorm')
      out[i] = {
        gamma: [inWidth],
        beta: [inWidth],
        movingMean: [inWidth],
        movingVariance: [inWidth],
      };
  });
  return out;
}

/** Frees every variable of a parameter set. */
export function disposeParams(params: ParamSet): void {
  for (const layer of Object.values(params)) for (const v of Object.values(layer)) v.dispose();
}

/**
 * "Standing statistics": each batch-norm layer's moments under the current weights, averaged over
 * train-mode passes on the given latent batches. A GAN generator's weights move faster than a
 * 0.99 moving average follows (measured on Fashion-MNIST at step 1061: running variance 4.7 where
 * the weights give 7.0; samples with the running stats had mean pixel +0.47 against −0.28 in
 * training), so previews and the exported model use these instead.
 */
export function standingStats(
  tf: Tf,
  spec: GeneratorSpec,
  params: ParamSet,
  batches: TF.Tensor2D[],
): MovingStatUpdate[] {
  const sums = new Map<number, { mean: TF.Tensor; variance: TF.Tensor }>();
  for (const z of batches) {
    const sink: MovingStatUpdate[] = [];
    generatorForward(tf, spec, params, z, 'train', sink).dispose();
    for (const u of sink) {
      const prev = sums.get(u.layer);
      sums.set(u.layer, {
        mean: prev ? tf.add(prev.mean, u.mean) : u.mean,
        variance: prev ? tf.add(prev.variance, u.variance) : u.variance,
      });
      if (prev) tf.dispose([prev.mean, prev.variance, u.mean, u.variance]);
    }
  }
  return [...sums].map(([layer, s]) => {
    const update = {
      layer,
      mean: tf.div(s.mean, batches.length),
      variance: tf.div(s.variance, batches.length),
    };
    tf.dispose([s.mean, s.variance]);
    return update;
  });
}

/** Overwrites the moving statistics with `stats` (and frees them). */
export function setMovingStats(tf: Tf, params: ParamSet, stats: MovingStatUpdate[]): void {
  for (const u of stats) {
    layerParam(params, u.layer, 'movingMean').assign(u.mean);
    layerParam(params, u.layer, 'movingVariance').assign(u.variance);
    tf.dispose([u.mean, u.variance]);
  }
}

/** Runs `fn` with the moving statistics replaced by `stats`, then restores them exactly. */
export function withMovingStats<T>(
  tf: Tf,
  params: ParamSet,
  stats: MovingStatUpdate[],
  fn: () => T,
): T {
  const saved = stats.map((u) => ({
    u,
    mean: tf.clone(layerParam(params, u.layer, 'movingMean')),
    variance: tf.clone(layerParam(params, u.layer, 'movingVariance')),
  }));
  try {
    for (const { u } of saved) {
      layerParam(params, u.layer, 'movingMean').assign(u.mean);
      layerParam(params, u.layer, 'movingVariance').assign(u.variance);
    }
    return fn();
  } finally {
    for (const { u, mean, variance } of saved) {
      layerParam(params, u.layer, 'movingMean').assign(mean);
      layerParam(params, u.layer, 'movingVariance').assign(variance);
      tf.dispose([mean, variance, u.mean, u.variance]);
    }
  }
}
