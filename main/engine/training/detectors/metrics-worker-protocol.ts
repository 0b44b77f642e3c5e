/** Messages of the FID/KID worker thread (metrics-worker.ts). Features are row-major float64. */
export interface MetricsRequest {
  id: number;
  dim: number;
  real: Float64Array;
  fake: Float64Array;
}

export type MetricsResponse =
  { id: number; fid: number; kid: { mean: number; std: number } } | { id: number; error: string };
