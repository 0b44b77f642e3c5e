/**
 * Writes an ONNX ModelProto from a plain description: nodes, float32/int64 initializers, and
 * float tensor inputs/outputs. IR version 8 with the default-domain opset 13: every op we emit
 * exists there with the semantics we rely on, and onnxruntime, onnx 1.12+ and most converters
 * accept it. Field numbers are those of onnx.proto (the reader in onnx/onnx-graph.ts uses the same).
 */
import { APP_NAME, APP_VERSION } from '../app-version';
import { ProtoWriter } from './protobuf-writer';

export type OnnxAttrValue = { i: number } | { f: number } | { ints: number[] } | { s: string };
export interface OnnxNodeDesc {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attrs?: Record<string, OnnxAttrValue>;
}
/** Initializer; Float32Array is stored as FLOAT, BigInt64Array as INT64 (e.g. a Reshape shape). */
export interface OnnxTensorDesc {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}
/** A graph input/output (float32 unless said); a string dim is symbolic (dim_param), e.g. "N" for the batch. */
export interface OnnxValueInfo {
  name: string;
  dims: (number | string)[];
  elemType?: 'float32' | 'int64' | 'bool';
}
export interface OnnxModelDesc {
  graphName: string;
  docString?: string;
  nodes: OnnxNodeDesc[];
  initializers: OnnxTensorDesc[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** Default-domain opset; 13 unless a graph needs newer ops (training graphs use 17). */
  opset?: number;
}

export const IR_VERSION = 8;
export const OPSET = 13;
const FLOAT = 1; // TensorProto.DataType
const INT64 = 7;
const BOOL = 9;
const ELEM_TYPES = { float32: FLOAT, int64: INT64, bool: BOOL } as const;
// AttributeProto.AttributeType: checkers require `type` to be set (IR >= 4).
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_INTS = 7;

function attribute(name: string, value: OnnxAttrValue): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if ('f' in value) return w.float(2, value.f).varint(20, ATTR_FLOAT);
  if ('i' in value) return w.varint(3, value.i).varint(20, ATTR_INT);
  if ('s' in value) return w.string(4, value.s).varint(20, ATTR_STRING);
  for (const v of value.ints) w.varint(8, v); // unpacked: AttributeProto.ints predates packing
  return w.varint(20, ATTR_INTS);
}

function node(n: OnnxNodeDesc): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name !== undefined) w.string(3, n.name);
  w.string(4, n.opType);
  for (const [name, value] of Object.entries(n.attrs ?? {})) w.message(5, attribute(name, value));
  return w;
}

/** raw_data is little-endian by the ONNX spec; DataView makes that true on any host. */
function tensor(t: OnnxTensorDesc): ProtoWriter {
  const raw = new Uint8Array(t.data.length * (t.data instanceof Float32Array ? 4 : 8));
  const view = new DataView(raw.buffer);
  if (t.data instanceof Float32Array) t.data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  else t.data.forEach((v, i) => view.setBigInt64(i * 8, v, true));
  const w = new ProtoWriter();
  for (const d of t.dims) w.varint(1, d);
  return w
    .varint(2, t.data instanceof Float32Array ? FLOAT : INT64)
    .string(8, t.name)
    .bytes(9, raw);
}

function valueInfo(v: OnnxValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims) {
    const dim =
      typeof d === 'number' ? new ProtoWriter().varint(1, d) : new ProtoWriter().string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter()
    .varint(1, ELEM_TYPES[v.elemType ?? 'float32'])
    .message(2, shape);
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
}

export function encodeOnnxModel(desc: OnnxModelDesc): Uint8Array {
  const graph = new ProtoWriter();
  for (const n of desc.nodes) graph.message(1, node(n));
  graph.string(2, desc.graphName);
  for (const t of desc.initializers) graph.message(5, tensor(t));
  for (const v of desc.inputs) graph.message(11, valueInfo(v));
  for (const v of desc.outputs) graph.message(12, valueInfo(v));

  const model = new ProtoWriter().varint(1, IR_VERSION).string(2, APP_NAME).string(3, APP_VERSION);
  if (desc.docString !== undefined) model.string(6, desc.docString);
  return model
    .message(7, graph)
    .message(8, new ProtoWriter().string(1, '').varint(2, desc.opset ?? OPSET))
    .finish();
}
