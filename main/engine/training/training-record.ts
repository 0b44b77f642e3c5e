import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import {
  historyStepSchema,
  trainConfigSchema,
  type HistoryStep,
  type TrainConfig,
  type TrainHistory,
  type TrainMetrics,
} from '../../contract/training-schemas';
import { METRICS_FILE } from './checkpoint';
import { verifyFolder } from './checkpoint-files';
import { loggable, metricsLogPath, readMetricsLogIfAny } from './detectors/metrics-log';

/**
 * A training record: a run's loss log (training-log.json, one entry per step) and its detector and
 * FID/KID history (metrics.jsonl). It is found in
 *   a run folder        <out>/metrics.jsonl, and the log of <out>/model/ or the newest checkpoint
 *   a model folder      <out>/model/ or a checkpoint folder: training-log.json, metrics.jsonl
 *   a record folder     `<name>.training/` beside a library model `<name>.onnx` (or beside the
 *                       folder of a tfjs `model.json`): training-log.json, metrics.jsonl (optional),
 *                       config.json. The bundled default model ships one; a model trained in the
 *                       app gets one when it joins the library.
 */
export const HISTORY_POINTS = 2000;
export const LOG_FILE = 'training-log.json';

const logSchema = z.array(historyStepSchema.extend({ imagesPerSec: z.number().optional() }));

/** At most `max` evenly spaced entries, the first and the last always among them. */
export function downsample<T>(entries: readonly T[], max = HISTORY_POINTS): T[] {
  if (entries.length <= max) return [...entries];
  const out: T[] = [];
  for (let i = 0; i < max; i++)
    out.push(entries[Math.round((i * (entries.length - 1)) / (max - 1))]!);
  return out;
}

/** Where the training record of the model file at `modelPath` lives (`<name>.training/`). */
export function recordDirOf(modelPath: string): string {
  const base = basename(modelPath);
  if (base === 'model.json') return `${dirname(modelPath)}.training`;
  return join(dirname(modelPath), `${basename(base, extname(base))}.training`);
}

async function readText(file: string): Promise<string | null> {
  return readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw new Error(`${file} could not be read: ${err.message}`);
  });
}

/** A training-log.json (null when absent); a damaged one is an error naming the file. */
export async function readStepLog(file: string): Promise<HistoryStep[] | null> {
  const text = await readText(file);
  if (text === null) return null;
  let parsed;
  try {
    parsed = logSchema.safeParse(JSON.parse(text));
  } catch (err) {
    throw new Error(
      `${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  if (!parsed.success)
    throw new Error(
      `${file} is not a training log: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim(),
    );
  return parsed.data.map(({ step, epoch, losses }) => ({ step, epoch, losses }));
}

/** The run's settings from config.json (model and record folders) or state.json (checkpoints). */
async function readConfig(dir: string): Promise<TrainConfig | null> {
  for (const [file, pick] of [
    ['config.json', (v: { config?: unknown }) => v.config ?? v],
    ['state.json', (v: { setup?: { config?: unknown } }) => v.setup?.config],
  ] as const) {
    const text = await readText(join(dir, file)).catch(() => null);
    if (text === null) continue;
    try {
      const parsed = trainConfigSchema.safeParse(pick(JSON.parse(text) as never));
      if (parsed.success) return parsed.data;
    } catch {
      // A damaged settings file only loses the settings, not the record.
    }
  }
  return null;
}

function history(
  source: string,
  config: TrainConfig | null,
  log: HistoryStep[],
  metrics: TrainMetrics[],
): TrainHistory {
  return {
    source,
    config,
    steps: downsample(log),
    stepCount: log.length,
    metrics: metrics.map(loggable),
  };
}

/** The record in one folder (model, checkpoint or `<name>.training/`); null when it has no log. */
export async function readRecordFolder(dir: string): Promise<TrainHistory | null> {
  const log = await readStepLog(join(dir, LOG_FILE));
  if (!log) return null;
  const metrics = (await readMetricsLogIfAny(join(dir, METRICS_FILE))) ?? [];
  return history(dir, await readConfig(dir), log, metrics);
}

/**
 * The newest folder of a run that holds a loss log: the one with the highest step among model/
 * and the checkpoints (a resumed run's checkpoints are newer than the model/ of its first finish).
 */
export async function latestRecordFolder(outDir: string): Promise<string | null> {
  const candidates: Array<{ dir: string; step: number }> = (
    await readdir(join(outDir, 'checkpoints')).catch(() => [])
  )
    .filter((n) => /^step-\d+$/.test(n))
    .map((n) => ({ dir: join(outDir, 'checkpoints', n), step: Number(n.slice(5)) }));
  const model = join(outDir, 'model');
  const modelStep = await verifyFolder(model, [LOG_FILE]).then((m) =>
    typeof m === 'string' ? NaN : m.step,
  );
  // Ties go to model/: it is the finished form of the same step.
  if (Number.isFinite(modelStep)) candidates.push({ dir: model, step: modelStep + 0.5 });
  candidates.sort((a, b) => b.step - a.step);
  for (const { dir } of candidates)
    if ((await readText(join(dir, LOG_FILE)).catch(() => null)) !== null) return dir;
  return null;
}

/**
 * A run's record from its out folder: the loss log of its newest model or checkpoint folder, and
 * the live metrics log of the run (newer than any copy), else that folder's copy.
 */
export async function readRunRecord(outDir: string): Promise<TrainHistory> {
  const dir = await latestRecordFolder(outDir);
  const log = dir ? ((await readStepLog(join(dir, LOG_FILE))) ?? []) : [];
  const metrics =
    (await readMetricsLogIfAny(metricsLogPath(outDir))) ??
    (dir ? await readMetricsLogIfAny(join(dir, METRICS_FILE)) : null) ??
    [];
  return history(outDir, dir ? await readConfig(dir) : null, log, metrics);
}
