import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import type * as TFWasm from '@tensorflow/tfjs-backend-wasm';

/**
 * Picks the tfjs backend once per process: tfjs-node (native TensorFlow, an optionalDependency that
 * often fails to install) if present, else the WebAssembly backend, else the pure-JS cpu backend.
 *
 * Everything tfjs is loaded through one CommonJS `require`, never a static import: tfjs-node
 * registers its backend on the tfjs-core instance it requires, so if we imported an ESM copy (as a
 * bundler would) the generator could run on a different tfjs-core with no backend at all.
 */
export type TfjsBackend = 'tensorflow' | 'wasm' | 'cpu';
export interface TfjsRuntime {
  tf: typeof TF;
  backend: TfjsBackend;
  /** Which native package runs 'tensorflow' (GPU build first), or why neither loaded, in words. */
  native: string;
}

// In a CommonJS bundle `require` exists; in ESM (vitest, tsx) build one from this module's URL.
const localRequire: NodeRequire =
  typeof require === 'function' ? require : createRequire(import.meta.url);

function tryRequire<T>(name: string, missing: string[]): T | null {
  try {
    return localRequire(name) as T;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'MODULE_NOT_FOUND' ? 'not installed' : 'did not load';
    missing.push(`${name} ${why}`);
    return null;
  }
}

async function select(): Promise<TfjsRuntime> {
  const missing: string[] = [];
  // The GPU build (CUDA) first, as on a GPU workstation; both are optional and absent here.
  for (const name of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    const tfNode = tryRequire<typeof TF>(name, missing);
    if (tfNode !== null && (await tfNode.setBackend('tensorflow')))
      return { tf: tfNode, backend: 'tensorflow', native: name };
  }
  const native = missing.join('; ');

  const tf = localRequire('@tensorflow/tfjs') as typeof TF;
  const wasm = tryRequire<typeof TFWasm>('@tensorflow/tfjs-backend-wasm', []);
  if (wasm !== null) {
    try {
      // In Node the wasm binaries are read from disk: point the backend at its own dist folder.
      const wasmFile = localRequire.resolve(
        '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
      );
      wasm.setWasmPaths(dirname(wasmFile) + sep);
      if (await tf.setBackend('wasm')) return { tf, backend: 'wasm', native };
    } catch {
      // fall through to cpu: a missing or unloadable .wasm must not stop tfjs models from working
    }
  }
  await tf.setBackend('cpu');
  return { tf, backend: 'cpu', native };
}

let selected: Promise<TfjsRuntime> | null = null;

/** The tfjs module with its backend ready; the first call does the selection. */
export function tfjsRuntime(): Promise<TfjsRuntime> {
  selected ??= select();
  return selected;
}

/** Which backend runs tfjs models in this process: 'tensorflow', 'wasm' or 'cpu'. */
export async function tfjsBackendName(): Promise<TfjsBackend> {
  return (await tfjsRuntime()).backend;
}

/** What runs tfjs natively, or why nothing does ("@tensorflow/tfjs-node-gpu not installed; …"). */
export async function tfjsNativeWords(): Promise<string> {
  return (await tfjsRuntime()).native;
}

/** Human-readable runtime, e.g. "tfjs 4.22.0 (wasm)", for Generator.runtime and app.info. */
export async function tfjsRuntimeName(): Promise<string> {
  const { tf, backend } = await tfjsRuntime();
  return `tfjs ${tf.version.tfjs} (${backend})`;
}
