/**
 * What a latent search needs, whatever the method. Gradient-free methods use `evaluate` only; a
 * gradient-based optimiser (Adam on dL/dz, when the ONNX training graphs provide it) will use
 * `gradient` and plug in beside sep-CMA-ES in `OPTIMIZERS` without touching the callers. DDIM
 * inversion for diffusion models is a different problem (run the sampler backwards), not a search:
 * it will be its own method behind the same image.project channel.
 */
export interface ProjectionProblem {
  /** Latent size. */
  dim: number;
  /** Losses of a batch of candidate latents (lower is better). */
  evaluate(candidates: Float32Array[]): Promise<number[]>;
  /** Loss and dL/dz of one latent, when the runtime can differentiate the generator. */
  gradient?: (z: Float32Array) => Promise<{ loss: number; grad: Float32Array }>;
  /** Stops the search early (cancel): the best latent so far is returned. */
  shouldStop(): boolean;
  /** After each step (one generation, or one gradient step). */
  onStep(step: number, best: number): void;
}

export interface ProjectionResult {
  z: Float32Array;
  loss: number;
  steps: number;
  evaluations: number;
}

export interface LatentOptimizer {
  readonly name: string;
  /** Whether it needs `problem.gradient`. */
  readonly needsGradient: boolean;
  optimise(problem: ProjectionProblem, steps: number, seed: number): Promise<ProjectionResult>;
}
