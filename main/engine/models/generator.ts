import type { ModelProperties } from '../../contract/channels';

/**
 * A loaded generator, whatever its runtime (onnxruntime-node or tfjs). The engine only ever
 * talks to this interface, so sampling, interpolation and export are runtime-agnostic.
 */
export interface Generator {
  readonly props: ModelProperties;
  /** Human-readable runtime, e.g. "onnxruntime-node 1.30.0 (cpu)" or "tfjs 4.22.0 (wasm)". */
  readonly runtime: string;
  /**
   * Runs `count` latents laid out back to back (count * props.latentDim floats) and returns the
   * raw output for all of them, in the model's own layout and value range (count images).
   * Fixed-batch models are looped internally, so any count works.
   */
  generate(z: Float32Array, count: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}
