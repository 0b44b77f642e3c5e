import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../contract/channels';
import type { Frame } from '../../contract/schemas';
import type { TrainHistory, TrainRun } from '../../contract/training-schemas';
import { writeFileAtomic } from '../io/atomic-write';
import type { ModelLibrary } from '../library/model-library';
import { METRICS_FILE } from '../training/checkpoint';
import { readLastPreview } from '../training/last-preview';
import { syncDir, verifyFolder } from '../training/checkpoint-files';
import { copyMetricsLog, metricsLogPath } from '../training/detectors/metrics-log';
import {
  LOG_FILE,
  readRecordFolder,
  readRunRecord,
  recordDirOf,
} from '../training/training-record';

/** Damaged record files become a BAD_FILE error that names the file (the message already does). */
async function asStudioError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof StudioError) throw err;
    throw new StudioError('BAD_FILE', err instanceof Error ? err.message : String(err));
  }
}

/** train.history for a run the engine knows. */
export async function runHistory(runs: TrainRun[], runId: string): Promise<TrainHistory> {
  const run = runs.find((r) => r.runId === runId);
  if (!run) throw new StudioError('NOT_FOUND', `There is no training run ${runId}.`);
  return asStudioError(() => readRunRecord(run.out));
}

/** train.lastPreview: the run's last preview grid from its out folder, or null before the first. */
export async function lastPreviewOf(
  runs: TrainRun[],
  runId: string,
): Promise<{ step: number; frame: Frame } | null> {
  const run = runs.find((r) => r.runId === runId);
  if (!run) throw new StudioError('NOT_FOUND', `There is no training run ${runId}.`);
  const saved = await asStudioError(() => readLastPreview(run.out));
  if (!saved) return null;
  const { step, width, height, rgba } = saved;
  return { step, frame: { width, height, rgba, seed: null } };
}

/**
 * train.history for a library model: the record folder beside its file (`<name>.training/`),
 * else, for a model trained in this session, its run's out folder.
 */
export async function modelHistory(
  library: ModelLibrary,
  runs: TrainRun[],
  modelId: string,
): Promise<TrainHistory> {
  const model = await library.get(modelId);
  const dir = recordDirOf(model.path);
  const record = await asStudioError(() => readRecordFolder(dir));
  if (record) return record;
  const run = runs.find((r) => r.modelId === model.id);
  if (run) return asStudioError(() => readRunRecord(run.out));
  throw new StudioError(
    'NOT_FOUND',
    `"${model.name}" has no training record: there is no ${join(dir, LOG_FILE)}. Models trained in Latent Studio get one when they join the library.`,
  );
}

/**
 * Writes the record of a trained model beside its library file (`<name>.training/`): the loss
 * log and settings of `folder` (model or checkpoint folder, which must verify) and the run's
 * metrics up to that folder's step. Written as a whole into a temp folder, then renamed.
 */
export async function saveModelRecord(
  modelPath: string,
  folder: string,
  outDir: string,
): Promise<string> {
  const manifest = await verifyFolder(folder, [LOG_FILE]);
  if (typeof manifest === 'string')
    throw new Error(`${folder} cannot give a training record: ${manifest}.`);
  const record = recordDirOf(modelPath);
  const tmp = `${record}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await writeFileAtomic(join(tmp, LOG_FILE), await readFile(join(folder, LOG_FILE)));
  await writeFileAtomic(join(tmp, 'config.json'), await settingsOf(folder, manifest.step));
  const copied = await copyMetricsLog(
    metricsLogPath(outDir),
    join(tmp, METRICS_FILE),
    manifest.step,
  );
  if (!copied && METRICS_FILE in manifest.files)
    await writeFileAtomic(join(tmp, METRICS_FILE), await readFile(join(folder, METRICS_FILE)));
  await syncDir(tmp);
  const aside = `${record}.old`;
  await rm(aside, { recursive: true, force: true });
  await rename(record, aside).catch(() => undefined);
  await rename(tmp, record);
  await rm(aside, { recursive: true, force: true });
  return record;
}

/** config.json of a model folder as is; a checkpoint's from its state.json, in the same shape. */
async function settingsOf(folder: string, step: number): Promise<string | Uint8Array> {
  const config = await readFile(join(folder, 'config.json')).catch(() => null);
  if (config) return config;
  const state = JSON.parse(await readFile(join(folder, 'state.json'), 'utf8')) as {
    epoch?: number;
    setup?: object;
  };
  return `${JSON.stringify({ ...state.setup, steps: step, epoch: state.epoch })}\n`;
}
