import { compileGraph, type CompiledGraph, type Feed } from '../../autodiff/compiled-graph';
import { OnnxOps } from '../../autodiff/onnx-ops';
import type { StepProgram } from '../families/step-program';
import type { StateArrays, StepRunner } from './step-runner';
import { ORT_VERSION } from './runtime-label';

/**
 * Runs a StepProgram on onnxruntime: the whole step (forward, loss, backward, Adam, running
 * statistics, EMA) is compiled once into one ONNX graph for the batch size, then each step is one
 * session run. State lives in two sets of buffers: a step reads one set and writes the other
 * (ORT writes outputs straight into them), then they swap, so no tensor is copied in JS.
 */
export class OrtStepRunner implements StepRunner {
  readonly runtime = 'ort' as const;
  private current: StateArrays;
  private next: StateArrays;
  private readonly losses: Record<string, Float32Array>;

  private constructor(
    private readonly program: StepProgram,
    private readonly graph: CompiledGraph,
    readonly batch: number,
    initial: StateArrays,
    readonly nodeCount: number,
    readonly label: string,
  ) {
    this.current = {};
    this.next = {};
    for (const [name, shape] of Object.entries(program.stateShapes)) {
      const size = shape.reduce((a, b) => a * b, 1);
      const value = initial[name];
      if (!value || value.length !== size)
        throw new Error(`The training state has no ${size} values for ${name}.`);
      this.current[name] = Float32Array.from(value);
      this.next[name] = new Float32Array(size);
    }
    this.losses = Object.fromEntries(program.lossNames.map((n) => [n, new Float32Array(1)]));
  }

  static async create(
    program: StepProgram,
    batch: number,
    initial: StateArrays,
    options: { threads?: number } = {},
  ): Promise<OrtStepRunner> {
    const o = new OnnxOps();
    const state = Object.fromEntries(
      Object.entries(program.stateShapes).map(([n, shape]) => [n, o.g.input(`s:${n}`, shape)]),
    );
    const batchSyms = Object.fromEntries(
      Object.entries(program.batchSpecs(batch)).map(([n, s]) => [
        n,
        o.g.input(`b:${n}`, s.shape, s.dtype),
      ]),
    );
    const scalars = Object.fromEntries(
      program.scalarNames.map((n) => [n, o.g.input(`c:${n}`, [])]),
    );
    const out = program.run(o, { state, batch: batchSyms, scalars });
    for (const name of Object.keys(program.stateShapes)) {
      const value = out.state[name];
      if (!value) throw new Error(`The step program does not return state ${name}.`);
      o.g.output(`o:${name}`, value);
    }
    for (const name of program.lossNames) {
      const value = out.losses[name];
      if (!value) throw new Error(`The step program does not return loss ${name}.`);
      o.g.output(`l:${name}`, value);
    }
    const graph = await compileGraph(o.g.encode('training-step'), options);
    const label = `onnxruntime ${ORT_VERSION} (cpu, ${graph.threads} threads)`;
    return new OrtStepRunner(program, graph, batch, initial, o.g.nodeCount, label);
  }

  async step(
    batch: Readonly<Record<string, Feed>>,
    scalars: Readonly<Record<string, number>>,
  ): Promise<Record<string, number>> {
    const feeds: Record<string, { data: Feed; dims: readonly number[] }> = {};
    for (const [name, shape] of Object.entries(this.program.stateShapes))
      feeds[`s:${name}`] = { data: this.current[name]!, dims: shape };
    for (const [name, spec] of Object.entries(this.program.batchSpecs(this.batch))) {
      const data = batch[name];
      if (!data) throw new Error(`The step has no batch input ${name}.`);
      feeds[`b:${name}`] = { data, dims: spec.shape };
    }
    for (const name of this.program.scalarNames) {
      const v = scalars[name];
      if (v === undefined) throw new Error(`The step has no scalar ${name}.`);
      feeds[`c:${name}`] = { data: new Float32Array([v]), dims: [] };
    }
    const outputs: Record<string, { data: Float32Array; dims: readonly number[] }> = {};
    for (const [name, shape] of Object.entries(this.program.stateShapes))
      outputs[`o:${name}`] = { data: this.next[name]!, dims: shape };
    for (const [name, data] of Object.entries(this.losses))
      outputs[`l:${name}`] = { data, dims: [] };
    await this.graph.run(feeds, outputs);
    [this.current, this.next] = [this.next, this.current];
    return Object.fromEntries(Object.entries(this.losses).map(([n, d]) => [n, d[0]!]));
  }

  /** The current state (live buffers: copy before keeping). */
  state(): Readonly<StateArrays> {
    return this.current;
  }

  /** Overwrites state values (e.g. after a resume), by name. */
  setState(values: Readonly<StateArrays>): void {
    for (const [name, v] of Object.entries(values)) {
      const target = this.current[name];
      if (!target) throw new Error(`The training state has no tensor named ${name}.`);
      if (target.length !== v.length)
        throw new Error(`${name}: ${v.length} values for a tensor of ${target.length}.`);
      target.set(v);
    }
  }

  dispose(): Promise<void> {
    return this.graph.dispose();
  }
}
