/**
 * The external-data files an ONNX model names: large models keep their weights beside the .onnx
 * (TensorProto.data_location = EXTERNAL, external_data {key: "location", value: "model.onnx.data"}),
 * and onnxruntime opens them relative to the model's folder. Copying or hashing a model means all
 * of them. Reads only the graph's initializers, by the wire format (protobuf-wire.ts).
 */
import { Malformed, readMessage, str, sub } from './protobuf-wire';

// onnx.proto: ModelProto.graph = 7; GraphProto.initializer = 5, sparse_initializer = 15;
// SparseTensorProto.values = 1, indices = 2; TensorProto.external_data = 13 (StringStringEntryProto:
// key = 1, value = 2), data_location = 14 (1 = EXTERNAL).
function tensorLocation(buf: Uint8Array, [s, e]: [number, number]): string | null {
  let external = false;
  let location: string | null = null;
  readMessage(buf, s, e, (no, wire, cur) => {
    if (no === 14) {
      if (wire !== 0) throw new Malformed();
      external = cur.varint() === 1;
    } else if (no === 13) {
      let key = '';
      let value = '';
      readMessage(buf, ...sub(wire, cur), (kno, kwire, kcur) => {
        if (kno === 1) key = str(kwire, kcur);
        else if (kno === 2) value = str(kwire, kcur);
        else kcur.skip(kwire);
      });
      if (key === 'location') location = value;
    } else cur.skip(wire);
  });
  return external ? location : null;
}

/**
 * The `location` of every externally stored initializer, unique, in file order. Throws the
 * protobuf reader's Truncated/Malformed on damaged bytes (the caller has already judged them).
 */
export function onnxExternalDataLocations(buf: Uint8Array): string[] {
  const found = new Set<string>();
  const add = (loc: string | null) => {
    if (loc !== null) found.add(loc);
  };
  readMessage(buf, 0, buf.length, (no, wire, cur) => {
    if (no !== 7) return cur.skip(wire);
    readMessage(buf, ...sub(wire, cur), (gno, gwire, gcur) => {
      if (gno === 5) add(tensorLocation(buf, sub(gwire, gcur)));
      else if (gno === 15)
        readMessage(buf, ...sub(gwire, gcur), (sno, swire, scur) => {
          if (sno === 1 || sno === 2) add(tensorLocation(buf, sub(swire, scur)));
          else scur.skip(swire);
        });
      else gcur.skip(gwire);
    });
  });
  return [...found];
}
