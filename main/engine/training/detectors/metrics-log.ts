import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { trainMetricsSchema, type TrainMetrics } from '../../../contract/training-schemas';
import { writeFileAtomic } from '../../io/atomic-write';

/** The run's detector and FID/KID history: one JSON object per line, beside checkpoints/ and model/. */
export function metricsLogPath(outDir: string): string {
  return join(outDir, 'metrics.jsonl');
}

/** What is logged of an event: thumbnails are left out (the log is for charts). */
export function loggable(m: TrainMetrics): TrainMetrics {
  if (!m.memorization) return m;
  return { ...m, memorization: { ...m.memorization, pairs: [] } };
}

/**
 * Appends one line with a single write and fsyncs it. A crash can at worst leave a torn last
 * line, which `readMetricsLog` skips; earlier lines are never rewritten in place.
 */
export async function appendMetrics(file: string, m: TrainMetrics): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(file, 'a');
  try {
    await handle.write(`${JSON.stringify(loggable(m))}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Every well-formed line of the log (none when it does not exist). */
export async function readMetricsLog(file: string): Promise<TrainMetrics[]> {
  return (await readMetricsLogIfAny(file)) ?? [];
}

/** Like `readMetricsLog`, but null when the file does not exist (a run without detectors). */
export async function readMetricsLogIfAny(file: string): Promise<TrainMetrics[] | null> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (text === null) return null;
  const out: TrainMetrics[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = trainMetricsSchema.safeParse(JSON.parse(line));
      if (parsed.success) out.push(parsed.data);
    } catch {
      // A torn last line from a crash: skipped.
    }
  }
  return out;
}

/**
 * On resume from step k the entries after k belong to steps that will be trained again: the log is
 * rewritten atomically without them, and the kept entries are returned.
 */
export async function truncateMetricsLog(file: string, step: number): Promise<TrainMetrics[]> {
  const all = await readMetricsLog(file);
  const kept = all.filter((m) => m.step <= step);
  if (kept.length !== all.length || all.length > 0)
    await writeFileAtomic(file, kept.map((m) => `${JSON.stringify(m)}\n`).join(''));
  return kept;
}

/**
 * Copies the entries up to `step` of the run's log into `to` (a checkpoint or model folder), so
 * the folder carries its own history. Only whole, valid lines are copied: the live log may be
 * mid-append. Returns false, writing nothing, when the run has no log (detectors never ran).
 */
export async function copyMetricsLog(from: string, to: string, step: number): Promise<boolean> {
  const entries = await readMetricsLogIfAny(from);
  if (entries === null) return false;
  const kept = entries.filter((m) => m.step <= step);
  await writeFileAtomic(to, kept.map((m) => `${JSON.stringify(m)}\n`).join(''));
  return true;
}
