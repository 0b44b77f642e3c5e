import { resolve } from 'node:path';
import { createRng } from '../main/engine/latent/prng';
import { frechetDistance } from '../main/engine/metrics/fid';
import { GaussianAccumulator, type GaussianStats } from '../main/engine/metrics/gaussian-stats';

/**
 * The cost of FID at Inception scale in pure JS: mean + covariance of 10k × 2048 features
 * (streamed in 1000-row chunks, as a feature extractor would deliver them), then the Fréchet
 * distance of two such 2048-d statistics. `statsSeconds` is per set (the mean of the two).
 * Seconds are CPU seconds of this process when that is available — on a shared machine wall
 * time measures the neighbours — and the wall figures are reported alongside.
 */
export interface FidBenchResult {
  dim: 2048;
  n: 10000;
  statsSeconds: number;
  fidSeconds: number;
  wallStatsSeconds: number;
  wallFidSeconds: number;
  fid: number;
}

const DIM = 2048;
const N = 10000;
const CHUNK = 1000;

export async function fidBench(): Promise<FidBenchResult> {
  const timed = <T>(f: () => T): [T, number, number] => {
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const value = f();
    const cpu = process.cpuUsage(cpu0);
    return [value, (cpu.user + cpu.system) / 1e6, (performance.now() - wall0) / 1000];
  };
  // Non-negative, correlated, unequal-variance features, roughly like pooled CNN activations.
  // Only the accumulator is timed, not the random numbers.
  const features = (seed: number, shift: number): [GaussianStats, number, number] => {
    const rng = createRng(seed);
    const acc = new GaussianAccumulator(DIM);
    const chunk = new Float32Array(CHUNK * DIM);
    let cpu = 0;
    let wall = 0;
    for (let r0 = 0; r0 < N; r0 += CHUNK) {
      for (let r = 0; r < CHUNK; r++) {
        const common = rng.nextNormal();
        for (let c = 0; c < DIM; c++) {
          chunk[r * DIM + c] = Math.max(
            0,
            shift + rng.nextNormal() * (1 + (c % 7) / 7) + 0.5 * common,
          );
        }
      }
      const [, dc, dw] = timed(() => acc.add(chunk));
      cpu += dc;
      wall += dw;
    }
    const [stats, dc, dw] = timed(() => acc.finish());
    return [stats, cpu + dc, wall + dw];
  };
  const [a, cpuA, wallA] = features(1, 0.3);
  const [b, cpuB, wallB] = features(2, 0.35);
  const [fid, fidSeconds, wallFidSeconds] = timed(() => frechetDistance(a, b));
  const r = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
  return {
    dim: DIM,
    n: N,
    statsSeconds: r((cpuA + cpuB) / 2),
    fidSeconds: r(fidSeconds),
    wallStatsSeconds: r((wallA + wallB) / 2),
    wallFidSeconds: r(wallFidSeconds),
    fid: r(fid, 4),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  console.log(await fidBench());
}
