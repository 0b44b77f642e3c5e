import { Malformed, readMessage, str, sub } from './protobuf-wire';

/**
 * The initializers (weights) of an ONNX model by name: float32 and int64 tensors stored as
 * raw_data, as this app's exporter writes them. Used to re-export a bundled model from its own
 * file (scripts/default-model/add-text-model-kv-cache.ts); anything else is refused.
 */
export interface StoredTensor {
  dims: number[];
  data: Float32Array | BigInt64Array;
}

const FLOAT = 1;
const INT64 = 7;

// ModelProto.graph = 7; GraphProto.initializer = 5; TensorProto.dims = 1, data_type = 2,
// name = 8, raw_data = 9.
function tensor(buf: Uint8Array, [s, e]: [number, number]): [string, StoredTensor] {
  const dims: number[] = [];
  let type = 0;
  let name = '';
  let raw: [number, number] = [0, 0];
  readMessage(buf, s, e, (no, wire, cur) => {
    if (no === 1) dims.push(cur.varint());
    else if (no === 2) type = cur.varint();
    else if (no === 8) name = str(wire, cur);
    else if (no === 9) raw = sub(wire, cur);
    else cur.skip(wire);
  });
  const bytes = buf.slice(raw[0], raw[1]);
  if (type === FLOAT) return [name, { dims, data: new Float32Array(bytes.buffer) }];
  if (type === INT64) return [name, { dims, data: new BigInt64Array(bytes.buffer) }];
  throw new Malformed();
}

export function readOnnxInitializers(buf: Uint8Array): Map<string, StoredTensor> {
  const out = new Map<string, StoredTensor>();
  readMessage(buf, 0, buf.length, (no, wire, cur) => {
    if (no !== 7) {
      cur.skip(wire);
      return;
    }
    const [gs, ge] = sub(wire, cur);
    readMessage(buf, gs, ge, (gno, gwire, gcur) => {
      if (gno === 5) out.set(...tensor(buf, sub(gwire, gcur)));
      else gcur.skip(gwire);
    });
  });
  return out;
}
