/**
 * Just enough of an ONNX ModelProto reader to answer one question: what is the last activation
 * before the graph output? Tanh means the image is in [-1,1], Sigmoid means [0,1]; that lets the
 * loader skip range probing. No protobuf dependency: the wire format is small, and we only need
 * node op types and input/output names (initializer tensors are skipped by length, never decoded).
 *
 * Garbage must never throw out of here: readOnnxGraph returns null and the loader reports the file.
 */
import { Malformed, Truncated, readMessage, str, sub } from './protobuf-wire';

export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
}
export interface OnnxGraph {
  nodes: OnnxNode[];
  inputs: string[];
  outputs: string[];
}
export type OnnxBytesVerdict = 'ok' | 'truncated' | 'not-onnx';

// Field numbers from onnx.proto: ModelProto.ir_version = 1, graph = 7, opset_import = 8;
// GraphProto.node = 1, input = 11, output = 12; NodeProto.input = 1, output = 2, op_type = 4;
// ValueInfoProto.name = 1.
function parseValueInfoName(buf: Uint8Array, [s, e]: [number, number]): string {
  let name = '';
  readMessage(buf, s, e, (no, wire, cur) => {
    if (no === 1) name = str(wire, cur);
    else cur.skip(wire);
  });
  return name;
}

function parseNode(buf: Uint8Array, [s, e]: [number, number]): OnnxNode {
  const node: OnnxNode = { opType: '', inputs: [], outputs: [] };
  readMessage(buf, s, e, (no, wire, cur) => {
    if (no === 1) node.inputs.push(str(wire, cur));
    else if (no === 2) node.outputs.push(str(wire, cur));
    else if (no === 4) node.opType = str(wire, cur);
    else cur.skip(wire);
  });
  return node;
}

function parse(buf: Uint8Array): OnnxGraph {
  let graph: OnnxGraph | null = null;
  let irVersion = 0;
  let hasOpset = false;
  readMessage(buf, 0, buf.length, (no, wire, cur) => {
    if (no === 1) {
      if (wire !== 0) throw new Malformed();
      irVersion = cur.varint();
    } else if (no === 7) {
      const g: OnnxGraph = { nodes: [], inputs: [], outputs: [] };
      readMessage(buf, ...sub(wire, cur), (gno, gwire, gcur) => {
        if (gno === 1) g.nodes.push(parseNode(buf, sub(gwire, gcur)));
        else if (gno === 11) g.inputs.push(parseValueInfoName(buf, sub(gwire, gcur)));
        else if (gno === 12) g.outputs.push(parseValueInfoName(buf, sub(gwire, gcur)));
        else gcur.skip(gwire);
      });
      graph = g;
    } else {
      if (no === 8) hasOpset = true;
      cur.skip(wire);
    }
  });
  // A text or image file can occasionally parse as protobuf; a model always has all three. A file
  // that starts like a model (ir_version) but lacks the rest was cut at a field boundary.
  if (irVersion <= 0) throw new Malformed();
  if (graph === null || !hasOpset) throw new Truncated();
  return graph;
}

/** 'truncated' when the bytes run out mid-field (a cut-off download), 'not-onnx' for other garbage. */
export function judgeOnnxBytes(buf: Uint8Array): OnnxBytesVerdict {
  try {
    parse(buf);
    return 'ok';
  } catch (err) {
    return err instanceof Truncated ? 'truncated' : 'not-onnx';
  }
}

export function readOnnxGraph(buf: Uint8Array): OnnxGraph | null {
  try {
    return parse(buf);
  } catch {
    return null;
  }
}

/** Ops that move values around without changing them: the activation behind them still decides the range. */
const SHAPE_ONLY = new Set(['Reshape', 'Transpose', 'Identity', 'Squeeze', 'Unsqueeze', 'Flatten']);
const ACTIVATION_RANGE: Record<string, [number, number]> = { Tanh: [-1, 1], Sigmoid: [0, 1] };

/**
 * The value range implied by the last activation feeding `outputName` (default: the first graph
 * output), or null when the producer is anything else (Mul, Clip, Conv...) and the range must be probed.
 */
export function outputActivationRange(
  graph: OnnxGraph,
  outputName?: string,
): [number, number] | null {
  const producer = new Map<string, OnnxNode>();
  for (const node of graph.nodes) for (const out of node.outputs) producer.set(out, node);
  let name = outputName ?? graph.outputs[0];
  for (let hops = 0; name !== undefined && hops < 64; hops++) {
    const node = producer.get(name);
    if (node === undefined) return null;
    const range = ACTIVATION_RANGE[node.opType];
    if (range !== undefined) return [range[0], range[1]];
    if (!SHAPE_ONLY.has(node.opType)) return null;
    name = node.inputs[0];
  }
  return null;
}
