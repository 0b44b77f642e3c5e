import { compileGraph, type CompiledGraph, type Feeds } from '../autodiff/compiled-graph';
import { OnnxOps } from '../autodiff/onnx-ops';
import type { NetSpec } from '../nets/net-spec';
import { paramInfos } from '../nets/net-shapes';
import { runNet } from '../nets/run-net';

export type ParamLookup = (name: string) => Float32Array;

/**
 * Inference of a network whose weights are fed at every call (the weights of a run being trained),
 * compiled by the training-graph compiler for each input shape it is asked for — the PixelCNN
 * sampler asks for small windows of the image, text for [n, context, vocab] — and run by
 * onnxruntime. One graph per shape, kept until dispose().
 */
export class ParamForward {
  private readonly graphs = new Map<string, Promise<{ graph: CompiledGraph; out: number[] }>>();

  constructor(
    private readonly spec: NetSpec,
    private readonly threads?: number,
  ) {}

  private graph(shape: readonly number[]) {
    const key = shape.join('x');
    let g = this.graphs.get(key);
    if (!g) {
      const o = new OnnxOps();
      const x = o.g.input('x', shape);
      const params = new Map(
        [...paramInfos(this.spec)].map(([name, info]) => [
          name,
          o.g.input(`p:${name}`, info.shape),
        ]),
      );
      const y = runNet(o, this.spec, (n) => params.get(n)!, x, { mode: 'infer' });
      o.g.output('y', y);
      const out = [...y.shape];
      g = compileGraph(
        o.g.encode('forward'),
        this.threads === undefined ? {} : { threads: this.threads },
      ).then((graph) => ({ graph, out }));
      this.graphs.set(key, g);
    }
    return g;
  }

  async run(
    input: Float32Array,
    shape: readonly number[],
    params: ParamLookup,
  ): Promise<Float32Array> {
    const { graph, out } = await this.graph(shape);
    const feeds: Feeds = { x: { data: input, dims: shape } };
    for (const [name, info] of paramInfos(this.spec))
      feeds[`p:${name}`] = { data: params(name), dims: info.shape };
    const y = new Float32Array(out.reduce((a, b) => a * b, 1));
    await graph.run(feeds, { y: { data: y, dims: out } });
    return y;
  }

  async dispose(): Promise<void> {
    for (const g of this.graphs.values()) await (await g).graph.dispose();
    this.graphs.clear();
  }
}
