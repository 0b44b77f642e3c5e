import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import type { ModelProperties } from '../../contract/channels';
import { readOnnxGraph } from '../onnx/onnx-graph';
import { Cursor } from '../onnx/protobuf-wire';
import { ProtoWriter } from '../onnx/protobuf-writer';

/** Ops whose output is a nonlinear feature map (the first one is GANSpace's "early layer"). */
const ACTIVATIONS = new Set([
  'Relu',
  'LeakyRelu',
  'Elu',
  'Selu',
  'Gelu',
  'PRelu',
  'Tanh',
  'Sigmoid',
  'Softplus',
  'Mish',
]);

/** The output name of the first activation in the graph that is not the image output itself. */
export function earlyActivation(bytes: Uint8Array): string | null {
  const graph = readOnnxGraph(bytes);
  if (!graph) return null;
  const outputs = new Set(graph.outputs);
  const node = graph.nodes.find(
    (n) => ACTIVATIONS.has(n.opType) && n.outputs[0] && !outputs.has(n.outputs[0]),
  );
  return node?.outputs[0] ?? null;
}

/**
 * The same model with one more graph output, `name` (an intermediate value), so onnxruntime
 * returns it: GraphProto.output (field 12) gets a ValueInfoProto holding only the name, and
 * ModelProto.graph (field 7) is re-encoded with its new length. Every other byte is kept.
 */
export function withExtraOutput(bytes: Uint8Array, name: string): Uint8Array {
  const cur = new Cursor(bytes, 0, bytes.length);
  while (cur.pos < bytes.length) {
    const keyStart = cur.pos;
    const key = cur.varint();
    if (Math.floor(key / 8) === 7 && key % 8 === 2) {
      const [start, end] = cur.bytes();
      const output = new ProtoWriter()
        .bytes(12, new ProtoWriter().string(1, name).finish())
        .finish();
      const graph = new Uint8Array(end - start + output.length);
      graph.set(bytes.subarray(start, end));
      graph.set(output, end - start);
      const field = new ProtoWriter().bytes(7, graph).finish();
      const out = new Uint8Array(keyStart + field.length + bytes.length - end);
      out.set(bytes.subarray(0, keyStart));
      out.set(field, keyStart);
      out.set(bytes.subarray(end), keyStart + field.length);
      return out;
    }
    cur.skip(key % 8);
  }
  throw new Error('The model has no graph');
}

export interface ActivationReader {
  /** Words for reports, e.g. "activation /decoder/Relu_output_0 (2048 values)". */
  label: string;
  features(latents: Float32Array[]): Promise<Float64Array[]>;
  dispose(): Promise<void>;
}

/** Opens the model with its early activation exposed; null when the graph has none or will not run. */
export async function openActivationReader(
  path: string,
  props: ModelProperties,
): Promise<ActivationReader | null> {
  const bytes = new Uint8Array(await readFile(path));
  const name = earlyActivation(bytes);
  if (!name) return null;
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(withExtraOutput(bytes, name), {
      executionProviders: ['cpu'],
    });
  } catch {
    return null;
  }
  const input = session.inputNames[0]!;
  const batch = props.batch === 'dynamic' ? 16 : props.batch;
  const meta = session.inputMetadata[0];
  const type = meta?.isTensor && meta.type === 'float64' ? 'float64' : 'float32';
  let size = 0;
  return {
    get label() {
      return `activation ${name}${size ? ` (${size} values)` : ''}`;
    },
    async features(latents) {
      const out: Float64Array[] = [];
      const dim = props.latentDim;
      for (let start = 0; start < latents.length; start += batch) {
        const chunk = latents.slice(start, start + batch);
        const data = new Float32Array(batch * dim);
        chunk.forEach((z, i) => data.set(z, i * dim));
        const dims = [batch, ...props.latentShape.slice(1)];
        const tensor = new ort.Tensor(
          type,
          type === 'float64' ? Float64Array.from(data) : data,
          dims,
        );
        const result = await session.run({ [input]: tensor }, [name]);
        const values = result[name]!.data as Float32Array;
        size = values.length / batch;
        for (let i = 0; i < chunk.length; i++)
          out.push(Float64Array.from(values.subarray(i * size, (i + 1) * size)));
      }
      return out;
    },
    dispose: () => session.release(),
  };
}
