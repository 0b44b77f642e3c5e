import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { EvalSource } from '../../contract/eval-schemas';
import type { ModelLibrary } from '../library/model-library';
import type { FeatureExtractor } from '../metrics/extractors/extractor';
import { readFeatureSourceFile, type SourceFeatures } from '../metrics/feature-source';
import type { InferenceScheduler } from '../render/inference-scheduler';
import { featureCacheDir } from './feature-cache';
import { extractFolder } from './folder-source';
import { extractModel } from './model-source';

export interface SourceContext {
  dataDir: string;
  library: ModelLibrary;
  scheduler?: InferenceScheduler;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export type OpenedSource = SourceFeatures & { modelKey: string };

/**
 * The features of one side of an evaluation. `extractor` may be null only for statistics files.
 * `count` caps a folder (evenly spaced files) and is a model's default sample count.
 */
export async function extractSource(
  source: EvalSource,
  extractor: FeatureExtractor | null,
  ctx: SourceContext,
  count: number | undefined,
): Promise<OpenedSource> {
  const { signal, onProgress } = ctx;
  if (source.kind === 'stats') {
    const path = resolve(source.path);
    return { ...(await readFeatureSourceFile(path)), modelKey: fileKey(path) };
  }
  if (!extractor) throw new Error('An extractor is needed for folders and models.');
  if (source.kind === 'folder') {
    const root = resolve(source.path);
    const cacheDir = featureCacheDir(ctx.dataDir);
    const features = await extractFolder(root, extractor, { cacheDir, count, signal, onProgress });
    return { ...features, modelKey: fileKey(root) };
  }
  const { model, ...features } = await extractModel(ctx.library, source.model, extractor, {
    count: source.count ?? count,
    seed: source.seed,
    truncation: source.truncation,
    scheduler: ctx.scheduler,
    signal,
    onProgress,
  });
  return {
    ...features,
    modelKey: model.id.startsWith('file:') ? fileKey(model.path) : sanitizeKey(model.id),
  };
}

/**
 * A folder or file's history key: its sanitised name plus 8 hex digits of its full path, so two
 * folders called "samples" in different places keep separate histories.
 */
export function fileKey(path: string): string {
  const hash = createHash('sha256').update(resolve(path)).digest('hex').slice(0, 8);
  return `${sanitizeKey(basename(path))}-${hash}`;
}

/** Letters, digits, '.', '_', '-' only, never '.' or '..': safe as one folder name everywhere. */
export function sanitizeKey(key: string): string {
  const safe = key
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 80);
  return safe || 'unnamed';
}

/**
 * How the CLI reads SOURCE: a .npz/.npy file is statistics/features; a folder without a tfjs
 * `model.json` is an image folder; anything else a model (library id or generator path).
 */
export async function sourceFromArg(arg: string): Promise<EvalSource> {
  if (/\.(npz|npy)$/i.test(arg)) return { kind: 'stats', path: arg };
  const info = await stat(arg).catch(() => null);
  if (info?.isDirectory()) {
    const isTfjsModel = await stat(join(arg, 'model.json')).then(
      () => true,
      () => false,
    );
    if (!isTfjsModel) return { kind: 'folder', path: arg };
  }
  return { kind: 'model', model: arg };
}
