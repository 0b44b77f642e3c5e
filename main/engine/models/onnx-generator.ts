import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { StudioError, type ModelProperties } from '../../contract/channels';
import { generateInChunks } from './batching';
import { normaliseShape, type NamedShape } from './detect';
import { NotAGenerator, asStudioError, badFile, fileLabel, firstLine } from './errors';
import type { Generator } from './generator';
import type { Manifest } from './manifest';
import { offload } from '../offload/offload';
import { resolveProperties } from './properties';
import { looksLikeDenoiser, type TypedInput } from './detect-denoiser';
import { loadOnnxDenoiser } from './onnx-denoiser';
import { executionProviders, inferenceProvider } from './inference-provider';

/** e.g. "onnxruntime-node 1.30.0 (cpu)"; the provider the session was created with. */
export function onnxRuntimeName(provider: 'cuda' | 'cpu' = 'cpu'): string {
  return `onnxruntime-node ${ort.env.versions.node ?? ort.env.versions.common} (${provider})`;
}

type FloatType = 'float32' | 'float64';

class OnnxGenerator implements Generator {
  props!: ModelProperties;

  constructor(
    readonly runtime: string,
    private readonly session: ort.InferenceSession,
    private readonly inputName: string,
    private readonly inputType: FloatType,
    private readonly outputName: string,
  ) {}

  /** One session.run of exactly `count` latents, shaped like the model's input (e.g. [n,100,1,1]). */
  async runRaw(
    z: Float32Array,
    count: number,
    latentShape: readonly number[],
  ): Promise<{ data: Float32Array; shape: number[] }> {
    const dims = [count, ...latentShape.slice(1)];
    const data = this.inputType === 'float64' ? Float64Array.from(z) : z;
    const feeds = { [this.inputName]: new ort.Tensor(this.inputType, data, dims) };
    const result = await this.session.run(feeds, [this.outputName]);
    const out = result[this.outputName]!;
    const raw = out.data; // CPU tensors: a plain typed array, nothing native to release
    if (raw instanceof Float32Array) return { data: raw, shape: [...out.dims] };
    if (out.type === 'string' || out.type === 'bool')
      throw new Error(`its output is ${out.type}, not numbers`);
    return {
      data: Float32Array.from(raw as ArrayLike<number | bigint>, Number),
      shape: [...out.dims],
    };
  }

  generate(z: Float32Array, count: number): Promise<Float32Array> {
    return generateInChunks(this.props, (...a) => this.runRaw(...a), z, count);
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

async function openSession(path: string, providers: string[]): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(path, {
      executionProviders: providers,
      intraOpNumThreads: availableParallelism(),
      graphOptimizationLevel: 'all',
    });
  } catch (err) {
    // The bytes already passed our ONNX check, so this is the model's content (an operator or
    // opset this onnxruntime lacks), not a damaged file.
    throw asStudioError(
      path,
      err,
      (reason) =>
        new StudioError(
          'MODEL_REJECTED',
          `${fileLabel(path)} cannot be run by onnxruntime: ${reason}`,
        ),
    );
  }
}

/**
 * Our own checks of the file (clear BAD_FILE reasons, and the output activation if any), read and
 * parsed on the offload thread: a large model never stalls the thread serving the UI.
 */
async function readGraphRange(path: string): Promise<[number, number] | null> {
  const check = await offload('checkOnnxFile', path);
  switch (check.kind) {
    case 'ok':
      return check.range;
    case 'too-large': // Node cannot buffer > 2 GB: the range is probed instead
      return null;
    case 'truncated':
      throw badFile(path, 'is truncated or damaged (the model data ends early)');
    case 'not-onnx':
      throw badFile(path, 'is not an ONNX model file');
    case 'not-a-file':
      throw badFile(path, 'is not a regular file (a folder, pipe or device)');
    case 'unreadable':
      if (check.code === 'ENOENT') throw badFile(path, 'does not exist');
      if (check.code === 'EISDIR') throw badFile(path, 'is a folder, not an ONNX file');
  }
  throw badFile(path, `cannot be read: ${firstLine(new Error(check.message))}`);
}

function tensorInputs(session: ort.InferenceSession): NamedShape[] {
  return session.inputMetadata.map((m) => ({
    name: m.name,
    shape: m.isTensor ? normaliseShape(m.shape) : [],
  }));
}

/** Extra outputs (e.g. a discriminator score exported alongside) are ignored, but say so. */
function outputsNote(names: readonly string[]): string[] {
  if (names.length <= 1) return [];
  return [
    `the model has ${names.length} outputs (${names.join(', ')}); using the first, "${names[0]}"`,
  ];
}

export async function loadOnnxGenerator(
  path: string,
  manifest: Manifest | null,
): Promise<Generator> {
  const activationRange = await readGraphRange(path);
  // CUDA where it loaded for this process (inference-provider.ts), else the CPU.
  const provider = await inferenceProvider();
  const runtime = onnxRuntimeName(provider.name);
  const session = await openSession(path, await executionProviders());
  try {
    const inputs = tensorInputs(session);
    // sample + timestep inputs (or a manifest saying so): a diffusion denoiser, not a generator.
    const typed: TypedInput[] = session.inputMetadata.map((m, i) => ({
      ...inputs[i]!,
      type: m.isTensor ? m.type : 'non-tensor',
    }));
    const kind = manifest?.kind ?? (looksLikeDenoiser(typed) ? 'diffusion' : 'generator');
    if (kind === 'diffusion')
      return await loadOnnxDenoiser(
        session,
        runtime,
        typed,
        manifest,
        outputsNote(session.outputNames),
      );
    const firstInput = session.inputMetadata[0];
    const output = session.outputMetadata[0];
    if (output === undefined) throw new NotAGenerator('it has no outputs');
    let inputType: FloatType = 'float32';
    if (inputs.length === 1 && firstInput !== undefined) {
      const type = firstInput.isTensor ? firstInput.type : 'non-tensor';
      if (type !== 'float32' && type !== 'float64')
        throw new NotAGenerator(`its input is ${type}, not a float latent vector`);
      inputType = type;
    }
    const gen = new OnnxGenerator(runtime, session, firstInput?.name ?? '', inputType, output.name);
    gen.props = await resolveProperties({
      format: 'onnx',
      inputs,
      activationRange,
      manifest,
      run: (...a) => gen.runRaw(...a),
      notes: outputsNote(session.outputNames),
    });
    return gen;
  } catch (err) {
    await session.release().catch(() => undefined);
    throw asStudioError(path, err, (reason) => badFile(path, `could not be loaded: ${reason}`));
  }
}
