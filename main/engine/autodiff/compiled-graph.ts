import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';

/**
 * A compiled ONNX graph run by onnxruntime with caller-owned buffers: inputs are wrapped without a
 * copy and outputs are written straight into preallocated Float32Arrays, so a training step moves
 * no tensor through JS allocations. Intra-op threads use every core (MLAS kernels).
 */
export type Feed = Float32Array | BigInt64Array;
export type Feeds = Record<string, { data: Feed; dims: readonly number[] }>;
export type Outputs = Record<string, { data: Float32Array; dims: readonly number[] }>;

export interface CompiledGraph {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly threads: number;
  /** Runs the graph; every output named in `outputs` is written into its array. */
  run(feeds: Readonly<Feeds>, outputs: Readonly<Outputs>): Promise<void>;
  dispose(): Promise<void>;
}

export function trainingThreads(): number {
  const fromEnv = Number(process.env.LATENT_STUDIO_TRAIN_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return Math.max(1, availableParallelism());
}

export async function compileGraph(
  model: Uint8Array,
  options: { threads?: number } = {},
): Promise<CompiledGraph> {
  const threads = options.threads ?? trainingThreads();
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    enableCpuMemArena: true,
    enableMemPattern: true,
    ...(process.env.LATENT_STUDIO_ORT_PROFILE && {
      enableProfiling: true,
      profileFilePrefix: process.env.LATENT_STUDIO_ORT_PROFILE,
    }),
  });
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    threads,
    async run(feeds, outputs) {
      const inputTensors: Record<string, ort.Tensor> = {};
      for (const [name, f] of Object.entries(feeds))
        inputTensors[name] =
          f.data instanceof Float32Array
            ? new ort.Tensor('float32', f.data, f.dims)
            : new ort.Tensor('int64', f.data, f.dims);
      const fetches: Record<string, ort.Tensor> = {};
      for (const [name, o] of Object.entries(outputs))
        fetches[name] = new ort.Tensor('float32', o.data, o.dims);
      await session.run(inputTensors, fetches);
    },
    dispose: async () => {
      if (process.env.LATENT_STUDIO_ORT_PROFILE) session.endProfiling();
      await session.release();
    },
  };
}
