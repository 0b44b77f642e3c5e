import type * as TF from '@tensorflow/tfjs';
import {
  compileGraph,
  type CompiledGraph,
  type Feeds,
  type Outputs,
} from '../../autodiff/compiled-graph';
import { OnnxOps } from '../../autodiff/onnx-ops';
import type { Ops } from '../../autodiff/ops';
import { TfjsOps } from '../../autodiff/tfjs-ops';
import { inputShape as netInputShape, type NetSpec } from '../../nets/net-spec';
import { outputShape, paramInfos } from '../../nets/net-shapes';
import { runNet } from '../../nets/run-net';

/**
 * Forward passes of one network during training (previews, FID samples, held-out losses,
 * standing statistics), on the run's runtime. Weights are fed each call, so the same compiled
 * graph follows the training. 'moments' runs in training mode and returns each batch-norm
 * layer's batch mean and variance.
 */
export type ParamLookup = (name: string) => Float32Array;
export interface ForwardResult {
  output: Float32Array;
  /** 'moments' mode: per batch-norm layer index, its batch mean and biased variance. */
  moments: Map<number, { mean: Float32Array; variance: Float32Array }>;
}

/** Values of the network's extraInputs by name (a diffusion denoiser's timesteps "t"), n rows each. */
export type ExtraInputs = Readonly<Record<string, Float32Array>>;

export interface ForwardRunner {
  run(
    input: Float32Array,
    n: number,
    params: ParamLookup,
    mode: 'infer' | 'moments',
    extra?: ExtraInputs,
  ): Promise<ForwardResult>;
  dispose(): Promise<void>;
}

function inputShape(spec: NetSpec, n: number): number[] {
  return [n, ...netInputShape(spec.input)];
}

function extraShapes(spec: NetSpec, n: number): [string, number[]][] {
  return Object.entries(spec.extraInputs ?? {}).map(([name, input]) => [
    name,
    [n, ...netInputShape(input)],
  ]);
}

function extraValue(extra: ExtraInputs | undefined, name: string): Float32Array {
  const v = extra?.[name];
  if (!v) throw new Error(`The network needs an input named ${name}.`);
  return v;
}

function bnLayers(spec: NetSpec): number[] {
  return spec.layers.flatMap((l, i) => (l.kind === 'batchnorm' ? [i] : []));
}

/** Builds the forward graph of `spec` for a batch of n with parameters as inputs. */
function forwardProgram<T>(
  o: Ops<T>,
  spec: NetSpec,
  x: T,
  p: (name: string) => T,
  mode: 'infer' | 'moments',
  inputs: Record<string, T>,
) {
  const moments = new Map<number, { mean: T; variance: T }>();
  const y = runNet(o, spec, p, x, {
    mode: mode === 'infer' ? 'infer' : 'train',
    onBatchStats: (layer, mean, variance) => moments.set(layer, { mean, variance }),
    inputs,
  });
  return { y, moments };
}

export class OrtForwardRunner implements ForwardRunner {
  private readonly graphs = new Map<string, Promise<CompiledGraph>>();
  constructor(private readonly spec: NetSpec) {}

  private graph(n: number, mode: 'infer' | 'moments'): Promise<CompiledGraph> {
    const key = `${n}|${mode}`;
    let g = this.graphs.get(key);
    if (!g) {
      const o = new OnnxOps();
      const x = o.g.input('x', inputShape(this.spec, n));
      const params = new Map(
        [...paramInfos(this.spec)].map(([name, info]) => [
          name,
          o.g.input(`p:${name}`, info.shape),
        ]),
      );
      const extras = Object.fromEntries(
        extraShapes(this.spec, n).map(([name, shape]) => [name, o.g.input(`e:${name}`, shape)]),
      );
      const { y, moments } = forwardProgram(
        o,
        this.spec,
        x,
        (name) => params.get(name)!,
        mode,
        extras,
      );
      o.g.output('y', y);
      for (const [layer, m] of moments) {
        o.g.output(`mean:${layer}`, m.mean);
        o.g.output(`var:${layer}`, m.variance);
      }
      g = compileGraph(o.g.encode('forward'));
      this.graphs.set(key, g);
    }
    return g;
  }

  async run(
    input: Float32Array,
    n: number,
    params: ParamLookup,
    mode: 'infer' | 'moments',
    extra?: ExtraInputs,
  ): Promise<ForwardResult> {
    const graph = await this.graph(n, mode);
    const feeds: Feeds = { x: { data: input, dims: inputShape(this.spec, n) } };
    for (const [name, shape] of extraShapes(this.spec, n))
      feeds[`e:${name}`] = { data: extraValue(extra, name), dims: shape };
    for (const [name, info] of paramInfos(this.spec))
      feeds[`p:${name}`] = { data: params(name), dims: info.shape };
    const outShape = [n, ...outputShape(this.spec)];
    const output = new Float32Array(outShape.reduce((a, b) => a * b, 1));
    const outputs: Outputs = { y: { data: output, dims: outShape } };
    const moments = new Map<number, { mean: Float32Array; variance: Float32Array }>();
    if (mode === 'moments')
      for (const layer of bnLayers(this.spec)) {
        const c = paramInfos(this.spec).get(`${layer}.gamma`)!.shape;
        const m = { mean: new Float32Array(c[0]!), variance: new Float32Array(c[0]!) };
        moments.set(layer, m);
        outputs[`mean:${layer}`] = { data: m.mean, dims: c };
        outputs[`var:${layer}`] = { data: m.variance, dims: c };
      }
    await graph.run(feeds, outputs);
    return { output, moments };
  }

  async dispose(): Promise<void> {
    for (const g of this.graphs.values()) await (await g).dispose();
    this.graphs.clear();
  }
}

export class TfjsForwardRunner implements ForwardRunner {
  private readonly ops: TfjsOps;
  constructor(
    private readonly tf: typeof TF,
    private readonly spec: NetSpec,
  ) {
    this.ops = new TfjsOps(tf);
  }

  async run(
    input: Float32Array,
    n: number,
    params: ParamLookup,
    mode: 'infer' | 'moments',
    extra?: ExtraInputs,
  ): Promise<ForwardResult> {
    const { tf, spec } = this;
    const infos = paramInfos(spec);
    const { y, moments } = tf.tidy(() => {
      const p = (name: string) => tf.tensor(params(name), infos.get(name)!.shape);
      const inputs = Object.fromEntries(
        extraShapes(spec, n).map(([name, shape]) => [
          name,
          tf.tensor(extraValue(extra, name), shape),
        ]),
      );
      const x = tf.tensor(input, inputShape(spec, n));
      const r = forwardProgram(this.ops, spec, x, p, mode, inputs);
      return { y: r.y, moments: [...r.moments].map(([layer, m]) => ({ layer, ...m })) };
    });
    const out: ForwardResult = { output: (await y.data()) as Float32Array, moments: new Map() };
    for (const m of moments)
      out.moments.set(m.layer, {
        mean: (await m.mean.data()) as Float32Array,
        variance: (await m.variance.data()) as Float32Array,
      });
    tf.dispose([y, ...moments.flatMap((m) => [m.mean, m.variance])]);
    return out;
  }

  async dispose(): Promise<void> {}
}
