import {
  encodeOnnxModel,
  type OnnxAttrValue,
  type OnnxNodeDesc,
  type OnnxTensorDesc,
  type OnnxValueInfo,
} from '../onnx/onnx-proto-writer';

/**
 * A symbolic ONNX graph that knows how to differentiate itself: the core of the training-graph
 * compiler. Ops (onnx-ops.ts) emit ONNX nodes through `emit` and `record` how to map output
 * gradients to input gradients, written with the same ops, so `gradients(loss, params)` appends
 * the backward pass as ordinary ONNX nodes (reverse-mode autodiff over the tape). Shapes are
 * static: a training graph is compiled for one batch size.
 *
 * Identical nodes are emitted once (hash-consing), so code that states a computation twice — a
 * GAN step runs the generator for the critic's loss and again inside the generator's gradient —
 * costs it once, as PyTorch's own loop does.
 */
export type DType = 'float32' | 'int64' | 'bool';
export interface Sym {
  readonly id: number;
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
}
/** Input gradients from output gradients; `needs[k]` says whether input k's gradient is used. */
export type Backward = (
  dOutputs: readonly (Sym | null)[],
  needs: readonly boolean[],
) => readonly (Sym | null)[];
interface TapeEntry {
  inputs: readonly Sym[];
  outputs: readonly Sym[];
  backward: Backward;
}
export type Attrs = Record<string, OnnxAttrValue>;

export const OPSET = 17;

export class Graph {
  private readonly nodes: OnnxNodeDesc[] = [];
  private readonly initializers: OnnxTensorDesc[] = [];
  private readonly inputs: OnnxValueInfo[] = [];
  private readonly outputs: OnnxValueInfo[] = [];
  private readonly tape: TapeEntry[] = [];
  private readonly consed = new Map<string, Sym[]>();
  private readonly recorded = new Set<number>();
  private readonly names = new Set<string>();
  private nextId = 0;

  private sym(shape: readonly number[], dtype: DType, name?: string): Sym {
    const id = this.nextId++;
    const s = { id, name: name ?? `_${id}`, shape: [...shape], dtype };
    if (this.names.has(s.name)) throw new Error(`The graph already has a value named ${s.name}.`);
    this.names.add(s.name);
    return s;
  }

  /**
   * A graph input (batch data, parameters, optimiser state, per-step scalars). `dims` declares
   * other dimensions than the static shape, e.g. ['N', 128] for an exported model whose batch
   * is free (its ops are then written batch-agnostic; see reshape in onnx-shape.ts).
   */
  input(
    name: string,
    shape: readonly number[],
    dtype: DType = 'float32',
    dims: readonly (number | string)[] = shape,
  ): Sym {
    if (name.startsWith('_')) throw new Error(`Input names may not start with "_": ${name}.`);
    const s = this.sym(shape, dtype, name);
    this.inputs.push({ name, dims: [...dims], elemType: dtype });
    return s;
  }

  /** A constant tensor (an initializer); identical small constants are shared. */
  constant(data: Float32Array | BigInt64Array, shape: readonly number[]): Sym {
    const dtype: DType = data instanceof Float32Array ? 'float32' : 'int64';
    const key = data.length <= 64 ? `${dtype}|${shape.join(',')}|${data.join(',')}` : null;
    const hit = key === null ? undefined : this.consed.get(`const|${key}`);
    if (hit) return hit[0]!;
    const s = this.sym(shape, dtype);
    this.initializers.push({ name: s.name, dims: [...shape], data });
    if (key !== null) this.consed.set(`const|${key}`, [s]);
    return s;
  }

  int64(values: readonly number[]): Sym {
    return this.constant(BigInt64Array.from(values.map(BigInt)), [values.length]);
  }

  /**
   * Adds one ONNX node; outputs get the given shapes. A node identical to an earlier one (same op,
   * inputs and attributes) is not added again: its outputs are returned.
   */
  emit(
    opType: string,
    inputs: readonly (Sym | null)[],
    outputs: readonly { shape: readonly number[]; dtype?: DType }[],
    attrs: Attrs = {},
  ): Sym[] {
    const key = `${opType}|${inputs.map((i) => (i ? i.id : '')).join(',')}|${JSON.stringify(attrs)}`;
    const hit = this.consed.get(key);
    if (hit) return hit;
    const outs = outputs.map((o) => this.sym(o.shape, o.dtype ?? 'float32'));
    this.nodes.push({
      opType,
      inputs: inputs.map((i) => (i ? i.name : '')),
      outputs: outs.map((o) => o.name),
      ...(Object.keys(attrs).length > 0 && { attrs }),
    });
    this.consed.set(key, outs);
    return outs;
  }

  /** Records how gradients flow from `outputs` back to `inputs` (once per set of outputs). */
  record(inputs: readonly Sym[], outputs: readonly Sym[], backward: Backward): void {
    const first = outputs[0];
    if (!first || this.recorded.has(first.id)) return;
    this.recorded.add(first.id);
    this.tape.push({ inputs, outputs, backward });
  }

  /**
   * Reverse-mode differentiation of `loss` (seeded with ones) with respect to `wrt`. Only tape
   * entries on a path from some wrt to the loss are differentiated; a wrt the loss does not depend
   * on gets a zero gradient.
   */
  gradients(loss: Sym, wrt: readonly Sym[]): Sym[] {
    const live = new Set(wrt.map((w) => w.id));
    const length = this.tape.length;
    for (let i = 0; i < length; i++) {
      const e = this.tape[i]!;
      if (e.inputs.some((x) => live.has(x.id))) for (const o of e.outputs) live.add(o.id);
    }
    const grads = new Map<number, Sym>();
    grads.set(loss.id, this.fill(loss.shape, 1));
    for (let i = length - 1; i >= 0; i--) {
      const e = this.tape[i]!;
      if (!e.inputs.some((x) => live.has(x.id))) continue;
      const dOut = e.outputs.map((o) => grads.get(o.id) ?? null);
      if (dOut.every((d) => d === null)) continue;
      const dIn = e.backward(
        dOut,
        e.inputs.map((x) => live.has(x.id)),
      );
      e.inputs.forEach((x, k) => {
        const d = dIn[k];
        if (!d || !live.has(x.id)) return;
        const prev = grads.get(x.id);
        grads.set(x.id, prev ? this.accumulate(prev, d) : d);
      });
    }
    return wrt.map((w) => grads.get(w.id) ?? this.fill(w.shape, 0));
  }

  /** A constant of one value; scalars and small fills are initializers, big ones ConstantOfShape. */
  fill(shape: readonly number[], value: number): Sym {
    const size = shape.reduce((a, b) => a * b, 1);
    if (size <= 64) return this.constant(new Float32Array(size).fill(value), shape);
    const [zeros] = this.emit('ConstantOfShape', [this.int64(shape)], [{ shape }]);
    if (value === 0) return zeros!;
    return this.emit(
      'Add',
      [zeros!, this.constant(new Float32Array([value]), [])],
      [{ shape }],
    )[0]!;
  }

  private accumulate(a: Sym, b: Sym): Sym {
    const [sum] = this.emit('Add', [a, b], [{ shape: a.shape }]);
    this.record([a, b], [sum!], ([d]) => [d ?? null, d ?? null]);
    return sum!;
  }

  /**
   * Names a value as a graph output. With `rename`, the node that computes it writes the output
   * directly (so an exported generator's last node is its Tanh or Sigmoid, as other tools expect).
   */
  output(
    name: string,
    value: Sym,
    options: { dims?: readonly (number | string)[]; rename?: boolean } = {},
  ): void {
    if (this.names.has(name)) throw new Error(`The graph already has a value named ${name}.`);
    this.names.add(name);
    const producer = options.rename
      ? this.nodes.find((n) => n.outputs.includes(value.name))
      : undefined;
    if (producer) {
      producer.outputs = producer.outputs.map((o) => (o === value.name ? name : o));
      for (const n of this.nodes) n.inputs = n.inputs.map((i) => (i === value.name ? name : i));
    } else this.nodes.push({ opType: 'Identity', inputs: [value.name], outputs: [name] });
    this.outputs.push({ name, dims: [...(options.dims ?? value.shape)], elemType: value.dtype });
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  encode(graphName: string, docString?: string): Uint8Array {
    return encodeOnnxModel({
      graphName,
      ...(docString !== undefined && { docString }),
      nodes: this.nodes,
      initializers: this.initializers,
      inputs: this.inputs,
      outputs: this.outputs,
      opset: OPSET,
    });
  }
}
