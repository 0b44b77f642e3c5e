import type * as TF from '@tensorflow/tfjs';
import type { Feed } from '../../autodiff/compiled-graph';
import { TfjsOps } from '../../autodiff/tfjs-ops';
import type { StepProgram } from '../families/step-program';
import type { StateArrays, StepRunner } from './step-runner';

/**
 * Runs a StepProgram eagerly on tfjs (tfjs-node, wasm or cpu): the same step function the ONNX
 * runtime compiles, differentiated by tfjs's own autodiff. State lives as tensors between steps.
 */
export class TfjsStepRunner implements StepRunner {
  readonly runtime = 'tfjs' as const;
  private readonly ops: TfjsOps;
  private tensors: Record<string, TF.Tensor> = {};

  constructor(
    private readonly tf: typeof TF,
    private readonly program: StepProgram,
    private readonly batch: number,
    initial: StateArrays,
    readonly label: string,
  ) {
    this.ops = new TfjsOps(tf);
    for (const [name, shape] of Object.entries(program.stateShapes)) {
      const value = initial[name];
      if (!value) throw new Error(`The training state has no value for ${name}.`);
      this.tensors[name] = tf.tensor(value, shape);
    }
  }

  async step(
    batch: Readonly<Record<string, Feed>>,
    scalars: Readonly<Record<string, number>>,
  ): Promise<Record<string, number>> {
    const { tf, program } = this;
    const result = tf.tidy(() => {
      const b: Record<string, TF.Tensor> = {};
      for (const [name, spec] of Object.entries(program.batchSpecs(this.batch))) {
        const data = batch[name];
        if (!data) throw new Error(`The step has no batch input ${name}.`);
        b[name] =
          data instanceof Float32Array
            ? tf.tensor(data, spec.shape)
            : tf.tensor(Int32Array.from(data, Number), spec.shape, 'int32');
      }
      const c = Object.fromEntries(
        program.scalarNames.map((n) => [n, tf.scalar(scalars[n] ?? Number.NaN)]),
      );
      const out = program.run(this.ops, { state: this.tensors, batch: b, scalars: c });
      return { state: out.state, losses: out.losses };
    });
    const kept = new Set(Object.values(result.state));
    const lossTensors = new Set(Object.values(result.losses).filter((t) => !kept.has(t)));
    this.ops.releaseKept(new Set([...kept, ...lossTensors]));
    for (const t of Object.values(this.tensors)) if (!kept.has(t)) t.dispose();
    this.tensors = { ...result.state };
    const losses: Record<string, number> = {};
    for (const [name, t] of Object.entries(result.losses))
      losses[name] = (await t.data())[0] ?? Number.NaN;
    for (const t of lossTensors) t.dispose();
    return losses;
  }

  state(): Readonly<StateArrays> {
    return Object.fromEntries(
      Object.entries(this.tensors).map(([n, t]) => [
        n,
        Float32Array.from(t.dataSync() as Float32Array),
      ]),
    );
  }

  setState(values: Readonly<StateArrays>): void {
    for (const [name, v] of Object.entries(values)) {
      const old = this.tensors[name];
      if (!old) throw new Error(`The training state has no tensor named ${name}.`);
      this.tensors[name] = this.tf.tensor(v, old.shape);
      old.dispose();
    }
  }

  async dispose(): Promise<void> {
    this.tf.dispose(Object.values(this.tensors));
    this.tensors = {};
  }
}
