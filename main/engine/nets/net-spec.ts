import type { ActivationLayer } from './layers/activation';
import type { ConvLayer, ConvTransposeLayer, DepthToSpaceLayer } from './layers/conv';
import type { DenseLayer, FlattenLayer, UnflattenLayer } from './layers/linear';
import type { MinibatchStdLayer } from './layers/minibatch-std';
import type { BatchNormLayer, GroupNormLayer } from './layers/norm';
import type { SlotLayer } from './layers/slots';
import type {
  AttentionLayer,
  ResBlockLayer,
  TimestepEmbeddingLayer,
  UpsampleLayer,
} from './layers/unet-blocks';
import type { AutoregressiveLayer } from './layers/autoregressive-kinds';

export { padsOf, type Pads } from './layers/conv';

/**
 * A network architecture as data: a layer program that every runtime reads. The training-graph
 * compiler (ONNX + onnxruntime), the tfjs fallback, the ONNX exporter and the PyTorch job export
 * all interpret this same list, so what trains is what exports. Each kind's shape, parameters and
 * forward pass live in layers/ (registry.ts).
 *
 * Layout is ONNX/PyTorch: images NCHW; parameters of layer i are named "<i>.<name>": conv weights
 * [out, in, k, k], transposed-conv weights [in, out, k, k], dense weights [in, out]; batch norm
 * "<i>.gamma", "<i>.beta", "<i>.runningMean", "<i>.runningVar".
 */
export type NetLayer =
  | DenseLayer
  | UnflattenLayer
  | FlattenLayer
  | ConvLayer
  | ConvTransposeLayer
  | DepthToSpaceLayer
  | BatchNormLayer
  | GroupNormLayer
  | ActivationLayer
  | MinibatchStdLayer
  | SlotLayer
  | TimestepEmbeddingLayer
  | ResBlockLayer
  | AttentionLayer
  | UpsampleLayer
  | AutoregressiveLayer;

export type NetInput =
  | { kind: 'vector'; size: number }
  | { kind: 'image'; channels: number; height: number; width: number }
  /** A sequence of `length` vectors of `features` (one-hot tokens for a text model). */
  | { kind: 'sequence'; length: number; features: number };

export interface NetSpec {
  /** What the layer program starts from. */
  input: NetInput;
  /** Further named inputs (e.g. a timestep embedding), readable by `load`/`add`/`concat`. */
  extraInputs?: Record<string, NetInput>;
  layers: NetLayer[];
  /** How fresh weights are drawn: DCGAN's N(0, 0.02), or Glorot-uniform. */
  init: 'dcgan' | 'glorot';
  /** For networks that make images: the value range of the output (what exports declare). */
  outputRange?: readonly [number, number];
}

export function inputShape(input: NetInput): number[] {
  if (input.kind === 'sequence') return [input.length, input.features];
  return input.kind === 'vector' ? [input.size] : [input.channels, input.height, input.width];
}
