import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { StudioError } from '../../contract/channels';
import { encodeOnnxModel } from '../onnx/onnx-proto-writer';

/**
 * Which onnxruntime execution provider runs the models this process opens for inference
 * (generators, diffusion denoisers, autoregressive models): 'cuda' where onnxruntime's CUDA
 * provider loads (a GPU workstation with onnxruntime-node's CUDA build and CUDA 12 + cuDNN 9),
 * else 'cpu'. Chosen once per process, on the first session, by opening a one-node probe model
 * with the CUDA provider: a missing provider library, driver or GPU fails there, before any
 * user model is involved, and the reason is kept in words. Training graphs and feature
 * extractors stay on the CPU provider.
 */
export type ProviderChoice = 'auto' | 'cuda' | 'cpu';
export const PROVIDER_CHOICES: readonly ProviderChoice[] = ['auto', 'cuda', 'cpu'];

export interface InferenceProvider {
  /** The provider sessions are created with. */
  name: 'cuda' | 'cpu';
  requested: ProviderChoice;
  /** Why CUDA is not used (null when it is, or when the CPU was asked for). */
  reason: string | null;
}

/** Where the choice comes from when no shell passes one: the environment, else 'auto'. */
export const PROVIDER_ENV = 'LATENT_STUDIO_PROVIDER';

export function parseProviderChoice(value: string | undefined, source: string): ProviderChoice {
  if (value === undefined || value === '') return 'auto';
  if ((PROVIDER_CHOICES as readonly string[]).includes(value)) return value as ProviderChoice;
  throw new StudioError('BAD_REQUEST', `${source} must be auto, cuda or cpu, not "${value}".`);
}

let requested: ProviderChoice | null = null;
let chosen: Promise<InferenceProvider> | null = null;

/** Sets the choice for this process (before any model is opened; a later call starts again). */
export function setProviderChoice(choice: ProviderChoice): void {
  requested = choice;
  chosen = null;
}

function currentChoice(): ProviderChoice {
  return requested ?? parseProviderChoice(process.env[PROVIDER_ENV], PROVIDER_ENV);
}

/** A one-node graph (y = x + x) that any provider can run: opening it is the whole probe. */
function probeModel(): Uint8Array {
  return encodeOnnxModel({
    graphName: 'provider-probe',
    nodes: [{ opType: 'Add', inputs: ['x', 'x'], outputs: ['y'] }],
    initializers: [],
    inputs: [{ name: 'x', dims: [1] }],
    outputs: [{ name: 'y', dims: [1] }],
  });
}

const firstLine = (err: unknown) =>
  (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();

/**
 * The CUDA provider library that onnxruntime would load, when the binding's folder is found and
 * the library is not in it. Checked before the probe because onnxruntime logs a failed provider
 * load on stderr in red whatever the session's log level, on every start of a CPU-only install.
 * Null when it is there or the folder is not where expected (e.g. packed): then the probe decides.
 */
function missingCudaLibrary(): string | null {
  try {
    const main = createRequire(import.meta.url).resolve('onnxruntime-node');
    const bin = join(dirname(main), '..', 'bin', 'napi-v6', process.platform, process.arch);
    if (!existsSync(join(bin, 'onnxruntime_binding.node'))) return null;
    const lib =
      process.platform === 'win32'
        ? 'onnxruntime_providers_cuda.dll'
        : 'libonnxruntime_providers_cuda.so';
    return existsSync(join(bin, lib)) ? null : lib;
  } catch {
    return null;
  }
}

/** Opens the probe on CUDA and runs it once; the reason in words when that fails. */
export async function probeCuda(): Promise<string | null> {
  const bundled = ort.listSupportedBackends().find((b) => b.name === 'cuda');
  if (!bundled)
    return `this onnxruntime-node ${ort.env.versions.common} build has no CUDA execution provider`;
  const missing = missingCudaLibrary();
  if (missing)
    return `onnxruntime's CUDA provider is not installed here (no ${missing} beside onnxruntime-node's binding; onnxruntime-node installs it when npm runs without onnxruntime-node-install=skip, and it needs an NVIDIA driver, CUDA 12 and cuDNN 9)`;
  let session: ort.InferenceSession | null = null;
  try {
    // Severity 4 (fatal only): onnxruntime's own log line would repeat the reason on stderr.
    session = await ort.InferenceSession.create(probeModel(), {
      executionProviders: ['cuda'],
      logSeverityLevel: 4,
    });
    await session.run({ x: new ort.Tensor('float32', Float32Array.of(1), [1]) });
    return null;
  } catch (err) {
    const why = firstLine(err);
    return /shared library|cannot open shared object|\.so|\.dll/i.test(why)
      ? `onnxruntime's CUDA provider did not load (${why}): its CUDA libraries are not installed here (onnxruntime-node installs them when npm runs without onnxruntime-node-install=skip, and they need an NVIDIA driver, CUDA 12 and cuDNN 9)`
      : `onnxruntime's CUDA provider did not start (${why})`;
  } finally {
    await session?.release().catch(() => undefined);
  }
}

async function choose(choice: ProviderChoice): Promise<InferenceProvider> {
  if (choice === 'cpu') return { name: 'cpu', requested: choice, reason: null };
  const reason = await probeCuda();
  if (reason === null) return { name: 'cuda', requested: choice, reason: null };
  return { name: 'cpu', requested: choice, reason: `${reason}; inference runs on the CPU` };
}

/** The provider of this process (the first call probes CUDA unless the CPU was asked for). */
export function inferenceProvider(): Promise<InferenceProvider> {
  chosen ??= choose(currentChoice());
  return chosen;
}

/**
 * The provider for a shell that was told to use one: `cuda` asked for explicitly and not loading
 * is refused in words (the user asked for the GPU; quietly running on the CPU would mislead them).
 */
export async function requireProvider(choice: ProviderChoice): Promise<InferenceProvider> {
  setProviderChoice(choice);
  const provider = await inferenceProvider();
  if (choice === 'cuda' && provider.name !== 'cuda')
    throw new StudioError(
      'BAD_REQUEST',
      `--provider cuda: ${provider.reason?.replace(/; inference runs on the CPU$/, '') ?? 'CUDA is not available'}. Use --provider auto to fall back to the CPU, or cpu.`,
    );
  return provider;
}

/** Session options' execution providers: CUDA first (onnxruntime puts what it lacks on the CPU). */
export async function executionProviders(): Promise<string[]> {
  return (await inferenceProvider()).name === 'cuda' ? ['cuda', 'cpu'] : ['cpu'];
}

/** One line for people: "CUDA (GPU)" or "CPU — <why not CUDA>". */
export function providerWords(p: InferenceProvider): string {
  if (p.name === 'cuda') return 'onnxruntime execution provider: CUDA (GPU)';
  if (p.requested === 'cpu') return 'onnxruntime execution provider: CPU (asked for with cpu)';
  return `onnxruntime execution provider: CPU — ${p.reason ?? 'CUDA is not available'}`;
}
