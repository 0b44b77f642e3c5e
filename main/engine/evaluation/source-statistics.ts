import type { EvalSource } from '../../contract/eval-schemas';
import type { ModelLibrary } from '../library/model-library';
import { extractorCacheDir, openExtractor } from '../metrics/extractors/open-extractor';
import { statisticsOf } from '../metrics/feature-source';
import type { GaussianStats } from '../metrics/gaussian-stats';
import { extractSource } from './open-source';
import type { EvalProgress } from './run-evaluation';

export interface SourceStatistics {
  stats: GaussianStats;
  n: number | null;
  label: string;
  extractor: { id: string; label: string; dim: number };
  warnings: string[];
}

/**
 * Mean and covariance of one source (`eval stats`: written as a pytorch-fid .npz). A statistics
 * or feature file passes through without an extractor; folders and models go through one.
 */
export async function sourceStatistics(
  source: EvalSource,
  ctx: {
    dataDir: string;
    library: ModelLibrary;
    extractor?: string;
    count?: number;
    signal?: AbortSignal;
    onProgress?: (p: EvalProgress) => void;
    onNotice?: (message: string) => void;
  },
): Promise<SourceStatistics> {
  const extractor =
    source.kind === 'stats'
      ? null
      : await openExtractor(ctx.extractor, {
          cacheDir: extractorCacheDir(ctx.dataDir),
          onNotice: ctx.onNotice,
        });
  try {
    const side = await extractSource(
      source,
      extractor,
      {
        dataDir: ctx.dataDir,
        library: ctx.library,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.onProgress?.({ phase: 'images', done, total }),
      },
      ctx.count,
    );
    const stats = statisticsOf(side);
    return {
      stats: { ...stats, n: side.n },
      n: side.n,
      label: side.label,
      extractor: extractor
        ? { id: extractor.id, label: extractor.label, dim: extractor.dim }
        : { id: side.extractorId, label: side.extractorId, dim: stats.mu.length },
      warnings: side.warnings,
    };
  } finally {
    await extractor?.dispose();
  }
}
