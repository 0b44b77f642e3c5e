/**
 * Worker thread of the periodic FID/KID (bundled as dist/cli/metrics-worker.mjs). FID of 2048-d
 * features (covariances, the eigen-based matrix square root) and KID take seconds of plain-JS
 * arithmetic: here they run beside the training loop instead of stalling it.
 */
import { parentPort } from 'node:worker_threads';
import { frechetDistance } from '../../metrics/fid';
import { gaussianStats } from '../../metrics/gaussian-stats';
import { kernelInceptionDistance } from '../../metrics/kid';
import type { MetricsRequest, MetricsResponse } from './metrics-worker-protocol';

/** KID on the live chart: 20 subsets of ≤ 200 (a quick look; the Evaluate screen does the full 100 × 1000). */
const KID_SUBSETS = 20;
const KID_SUBSET_SIZE = 200;

parentPort?.on('message', (request: MetricsRequest) => {
  let response: MetricsResponse;
  try {
    const { dim, real, fake } = request;
    const realRows = real.length / dim;
    const fakeRows = fake.length / dim;
    const fid = frechetDistance(gaussianStats(real, dim), gaussianStats(fake, dim));
    const kid = kernelInceptionDistance(
      { rows: realRows, dim, data: real },
      { rows: fakeRows, dim, data: fake },
      { subsets: KID_SUBSETS, subsetSize: Math.min(KID_SUBSET_SIZE, realRows, fakeRows), seed: 0 },
    );
    response = { id: request.id, fid, kid: { mean: kid.mean, std: kid.std } };
  } catch (err) {
    response = { id: request.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(response);
});
