import { createRng } from '../../latent/prng';
import type { LatentOptimizer, ProjectionProblem, ProjectionResult } from './optimizer';

/**
 * sep-CMA-ES (Ros & Hansen 2008): CMA-ES with a diagonal covariance. Why this search: it needs
 * no gradient (onnxruntime-node runs generators forward only), it adapts its step size and per-
 * coordinate scales by itself (no learning rate to tune per model), and its cost per generation is
 * linear in the latent size, where full CMA-ES pays d² memory and d³ decompositions (d = 512 is
 * common). Standard parameters (Hansen's tutorial, with the sep learning-rate factor (d+2)/3),
 * started at the prior's mean z = 0 with σ = 1, so the first generation samples the prior itself.
 * Deterministic given the seed: every normal draw comes from prng.ts in a fixed order.
 */
export const sepCmaEs: LatentOptimizer = {
  name: 'sep-CMA-ES',
  needsGradient: false,
  async optimise(
    problem: ProjectionProblem,
    steps: number,
    seed: number,
  ): Promise<ProjectionResult> {
    const n = problem.dim;
    const rng = createRng(seed);
    const lambda = 4 + Math.floor(3 * Math.log(n));
    const mu = Math.floor(lambda / 2);
    const raw = Array.from({ length: mu }, (_, i) => Math.log(mu + 0.5) - Math.log(i + 1));
    const sum = raw.reduce((a, b) => a + b, 0);
    const w = raw.map((x) => x / sum);
    const muEff = 1 / w.reduce((a, b) => a + b * b, 0);
    const cs = (muEff + 2) / (n + muEff + 5);
    const ds = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cs;
    const cc = 4 / (n + 4);
    const sepFactor = (n + 2) / 3;
    const c1 = Math.min(1, (2 / ((n + 1.3) ** 2 + muEff)) * sepFactor);
    const cmu = Math.min(
      1 - c1,
      ((2 * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + muEff)) * sepFactor,
    );
    const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));

    const mean = new Float64Array(n);
    const diag = new Float64Array(n).fill(1);
    const ps = new Float64Array(n);
    const pc = new Float64Array(n);
    let sigma = 1;
    let best = { z: new Float32Array(n), loss: Infinity };
    let evaluations = 0;
    let step = 0;
    for (; step < steps && !problem.shouldStop(); step++) {
      const ys = Array.from({ length: lambda }, () =>
        Float64Array.from(diag, (c) => Math.sqrt(c) * rng.nextNormal()),
      );
      const xs = ys.map((y) => Float32Array.from(y, (v, i) => mean[i]! + sigma * v));
      const losses = await problem.evaluate(xs);
      evaluations += xs.length;
      const order = [...losses.keys()].sort((a, b) => losses[a]! - losses[b]!);
      if (losses[order[0]!]! < best.loss) best = { z: xs[order[0]!]!, loss: losses[order[0]!]! };
      const yw = new Float64Array(n);
      for (let k = 0; k < mu; k++) {
        const y = ys[order[k]!]!;
        for (let i = 0; i < n; i++) yw[i] = yw[i]! + w[k]! * y[i]!;
      }
      for (let i = 0; i < n; i++) mean[i] = mean[i]! + sigma * yw[i]!;
      const a = Math.sqrt(cs * (2 - cs) * muEff);
      let psNorm = 0;
      for (let i = 0; i < n; i++) {
        ps[i] = (1 - cs) * ps[i]! + (a * yw[i]!) / Math.sqrt(diag[i]!);
        psNorm += ps[i]! ** 2;
      }
      psNorm = Math.sqrt(psNorm);
      const hs =
        psNorm / Math.sqrt(1 - (1 - cs) ** (2 * (step + 1))) < (1.4 + 2 / (n + 1)) * chiN ? 1 : 0;
      const b = Math.sqrt(cc * (2 - cc) * muEff);
      for (let i = 0; i < n; i++) {
        pc[i] = (1 - cc) * pc[i]! + hs * b * yw[i]!;
        let rankMu = 0;
        for (let k = 0; k < mu; k++) rankMu += w[k]! * ys[order[k]!]![i]! ** 2;
        diag[i] =
          (1 - c1 - cmu) * diag[i]! +
          c1 * (pc[i]! ** 2 + (1 - hs) * cc * (2 - cc) * diag[i]!) +
          cmu * rankMu;
      }
      sigma *= Math.exp((cs / ds) * (psNorm / chiN - 1));
      problem.onStep(step + 1, best.loss);
    }
    return { ...best, steps: step, evaluations };
  },
};

/** The searches `image.project` can use; a gradient-based one joins here when dL/dz exists. */
export const OPTIMIZERS: Record<string, LatentOptimizer> = { 'sep-cma-es': sepCmaEs };
