import { StudioError } from '../../contract/channels';
import {
  activationOp,
  convKernelToOihw,
  foldBatchNorm,
  windowGeometry,
  type FeatureShape,
} from './keras-layer-ops';
import type { KerasWeight } from './keras-weights';
import type {
  OnnxAttrValue,
  OnnxModelDesc,
  OnnxNodeDesc,
  OnnxTensorDesc,
} from './onnx-proto-writer';

/**
 * A Keras functional model (tfjs layers `model_config`, channels_last) → an ONNX graph description
 * with an NCHW float input, for the layer kinds image classifiers such as InceptionV3 use:
 * InputLayer, Conv2D (+ a following BatchNormalization folded in), BatchNormalization, Activation,
 * MaxPooling2D, AveragePooling2D ('same' = padding excluded from the mean, as TensorFlow does;
 * a window covering the whole map becomes GlobalAveragePool), Concatenate (channels), Flatten,
 * Dense, Dropout (identity at inference). Anything else is refused by name.
 */
export interface KerasLayer {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: unknown[][][];
}

export interface KerasConversion {
  layers: readonly KerasLayer[];
  weights: ReadonlyMap<string, KerasWeight>;
  /** Graph input name, e.g. "image"; its size comes from the InputLayer. */
  inputName: string;
  /** Graph outputs: which layer's output, under which name. */
  outputs: { layer: string; name: string }[];
  graphName: string;
  docString?: string;
}

interface Value {
  tensor: string;
  shape: FeatureShape;
}

const pair = (v: unknown): [number, number] => {
  const a = v as number[];
  return [a[0]!, a[1]!];
};

function inboundNames(layer: KerasLayer): string[] {
  if (layer.inbound_nodes.length > 1)
    throw new StudioError('MODEL_REJECTED', `layer ${layer.name} is shared; not supported`);
  return (layer.inbound_nodes[0] ?? []).map((n) => n[0] as string);
}

export function kerasToOnnx(conv: KerasConversion): OnnxModelDesc {
  const nodes: OnnxNodeDesc[] = [];
  const initializers: OnnxTensorDesc[] = [];
  const values = new Map<string, Value>();
  const consumers = new Map<string, string[]>();
  for (const l of conv.layers)
    for (const from of inboundNames(l))
      consumers.set(from, [...(consumers.get(from) ?? []), l.name]);
  const byName = new Map(conv.layers.map((l) => [l.name, l]));
  const folded = new Set<string>();
  let graphInput: OnnxModelDesc['inputs'][number] | undefined;

  const weight = (name: string, optional = false): Float32Array | undefined => {
    const w = conv.weights.get(name);
    if (w === undefined && !optional)
      throw new StudioError('MODEL_REJECTED', `the weights have no ${name}`);
    return w?.data;
  };
  const init = (name: string, dims: number[], data: Float32Array): string => {
    initializers.push({ name, dims, data });
    return name;
  };
  const emit = (
    layer: string,
    opType: string,
    inputs: string[],
    attrs?: Record<string, OnnxAttrValue>,
  ): string => {
    const out = `${layer}/${opType}`;
    nodes.push({ opType, name: out, inputs, outputs: [out], ...(attrs && { attrs }) });
    return out;
  };
  const activate = (layer: string, value: Value, name: string): Value => {
    const op = activationOp(name, value.shape.length);
    if (op === null) return value;
    return { tensor: emit(layer, op.opType, [value.tensor], op.attrs), shape: value.shape };
  };
  const image = (v: Value, layer: string): [number, number, number] => {
    if (v.shape.length !== 3)
      throw new StudioError('MODEL_REJECTED', `layer ${layer} needs an image input`);
    return v.shape as [number, number, number];
  };
  const batchNorm = (name: string, c: Record<string, unknown>) => ({
    gamma: c.scale === false ? undefined : weight(`${name}/gamma`),
    beta: c.center === false ? undefined : weight(`${name}/beta`),
    mean: weight(`${name}/moving_mean`)!,
    variance: weight(`${name}/moving_variance`)!,
    epsilon: c.epsilon as number,
  });

  for (const layer of conv.layers) {
    const c = layer.config;
    const ins = inboundNames(layer).map((n) => {
      const v = values.get(n);
      if (v === undefined)
        throw new StudioError('MODEL_REJECTED', `layer ${layer.name} comes before its input ${n}`);
      return v;
    });
    const x = ins[0]!;
    let out: Value;
    switch (layer.class_name) {
      case 'InputLayer': {
        const [, h, w, ch] = c.batch_input_shape as [null, number, number, number];
        graphInput = { name: conv.inputName, dims: ['N', ch, h, w] };
        out = { tensor: conv.inputName, shape: [ch, h, w] };
        break;
      }
      case 'Conv2D': {
        if (c.data_format !== 'channels_last' || pair(c.dilation_rate).some((d) => d !== 1))
          throw new StudioError(
            'MODEL_REJECTED',
            `layer ${layer.name}: unsupported Conv2D options`,
          );
        const [, h, w] = image(x, layer.name);
        const kernel = conv.weights.get(`${layer.name}/kernel`);
        if (kernel === undefined)
          throw new StudioError('MODEL_REJECTED', `the weights have no ${layer.name}/kernel`);
        const strides = pair(c.strides);
        const ks = pair(c.kernel_size);
        const g = windowGeometry(h, w, ks, strides, c.padding as string);
        const oihw = convKernelToOihw(kernel);
        const bias = c.use_bias === true ? weight(`${layer.name}/bias`) : undefined;
        // Fold a BatchNormalization that is this conv's only consumer (Inception's conv2d_bn).
        const next = consumers.get(layer.name) ?? [];
        const bnLayer = next.length === 1 ? byName.get(next[0]!) : undefined;
        const fold = bnLayer?.class_name === 'BatchNormalization' && c.activation === 'linear';
        const params = fold
          ? foldBatchNorm(oihw, bias, batchNorm(bnLayer.name, bnLayer.config))
          : { weight: Float32Array.from(oihw.data), bias: bias ?? new Float32Array(oihw.dims[0]!) };
        const wName = init(`${layer.name}/weight`, oihw.dims, params.weight);
        const bName = init(`${layer.name}/bias`, [oihw.dims[0]!], params.bias);
        const y = emit(layer.name, 'Conv', [x.tensor, wName, bName], {
          kernel_shape: { ints: ks },
          strides: { ints: strides },
          pads: { ints: g.pads },
          dilations: { ints: [1, 1] },
        });
        out = activate(
          layer.name,
          { tensor: y, shape: [oihw.dims[0]!, g.outH, g.outW] },
          c.activation as string,
        );
        if (fold) folded.add(bnLayer.name);
        break;
      }
      case 'BatchNormalization': {
        if (folded.has(layer.name)) {
          out = x;
          break;
        }
        const [ch] = image(x, layer.name);
        const bn = batchNorm(layer.name, c);
        const vec = (name: string, data: Float32Array | undefined, fill: number): string =>
          init(`${layer.name}/${name}`, [ch], data ?? new Float32Array(ch).fill(fill));
        const y = emit(
          layer.name,
          'BatchNormalization',
          [
            x.tensor,
            vec('scale', bn.gamma, 1),
            vec('bias', bn.beta, 0),
            vec('mean', bn.mean, 0),
            vec('var', bn.variance, 1),
          ],
          { epsilon: { f: bn.epsilon } },
        );
        out = { tensor: y, shape: x.shape };
        break;
      }
      case 'Activation':
        out = activate(layer.name, x, c.activation as string);
        break;
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        const [ch, h, w] = image(x, layer.name);
        const ks = pair(c.pool_size);
        const strides = pair(c.strides ?? c.pool_size);
        const g = windowGeometry(h, w, ks, strides, c.padding as string);
        const max = layer.class_name === 'MaxPooling2D';
        if (!max && ks[0] === h && ks[1] === w && g.outH === 1 && g.outW === 1) {
          out = { tensor: emit(layer.name, 'GlobalAveragePool', [x.tensor]), shape: [ch, 1, 1] };
          break;
        }
        const attrs: Record<string, OnnxAttrValue> = {
          kernel_shape: { ints: ks },
          strides: { ints: strides },
          pads: { ints: g.pads },
        };
        // TensorFlow averages over the pixels inside the image only; ONNX must be told so.
        if (!max) attrs.count_include_pad = { i: 0 };
        const y = emit(layer.name, max ? 'MaxPool' : 'AveragePool', [x.tensor], attrs);
        out = { tensor: y, shape: [ch, g.outH, g.outW] };
        break;
      }
      case 'Concatenate': {
        if (c.axis !== -1 && c.axis !== 3)
          throw new StudioError(
            'MODEL_REJECTED',
            `layer ${layer.name}: only channel concatenation is supported`,
          );
        const shapes = ins.map((v) => image(v, layer.name));
        const y = emit(
          layer.name,
          'Concat',
          ins.map((v) => v.tensor),
          { axis: { i: 1 } },
        );
        out = {
          tensor: y,
          shape: [shapes.reduce((n, s) => n + s[0], 0), shapes[0]![1], shapes[0]![2]],
        };
        break;
      }
      case 'Flatten': {
        const size = x.shape.reduce((a, b) => a * b, 1);
        // Keras flattens in H, W, C order: put channels last first unless the map is 1×1.
        const hw = x.shape.length === 3 ? x.shape[1]! * x.shape[2]! : 1;
        const source =
          hw === 1
            ? x.tensor
            : emit(layer.name, 'Transpose', [x.tensor], { perm: { ints: [0, 2, 3, 1] } });
        out = { tensor: emit(layer.name, 'Flatten', [source], { axis: { i: 1 } }), shape: [size] };
        break;
      }
      case 'Dense': {
        if (x.shape.length !== 1)
          throw new StudioError('MODEL_REJECTED', `layer ${layer.name}: Dense needs a flat input`);
        const kernel = conv.weights.get(`${layer.name}/kernel`);
        if (kernel === undefined)
          throw new StudioError('MODEL_REJECTED', `the weights have no ${layer.name}/kernel`);
        const units = kernel.shape[1]!;
        const bias = c.use_bias === true ? weight(`${layer.name}/bias`)! : new Float32Array(units);
        const k = init(`${layer.name}/kernel`, kernel.shape, kernel.data);
        const b = init(`${layer.name}/bias`, [units], bias);
        const y = emit(layer.name, 'Gemm', [x.tensor, k, b]);
        out = activate(layer.name, { tensor: y, shape: [units] }, c.activation as string);
        break;
      }
      case 'Dropout':
        out = x;
        break;
      default:
        throw new StudioError(
          'MODEL_REJECTED',
          `layer ${layer.name} is a ${layer.class_name}, not supported`,
        );
    }
    values.set(layer.name, out);
  }

  if (graphInput === undefined)
    throw new StudioError('MODEL_REJECTED', 'the model has no InputLayer');
  const outputs = conv.outputs.map(({ layer, name }) => {
    const v = values.get(layer);
    if (v === undefined) throw new StudioError('MODEL_REJECTED', `the model has no layer ${layer}`);
    nodes.push({ opType: 'Identity', name: `output/${name}`, inputs: [v.tensor], outputs: [name] });
    return { name, dims: ['N', ...v.shape] };
  });
  return {
    graphName: conv.graphName,
    ...(conv.docString !== undefined && { docString: conv.docString }),
    nodes,
    initializers,
    inputs: [graphInput],
    outputs,
  };
}
