import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write';
import type { NetSpec } from '../nets/net-spec';
import { buildManifest, MANIFEST, syncDir, verifyFolder } from './checkpoint-files';
import { copyMetricsLog, metricsLogPath, readMetricsLogIfAny } from './detectors/metrics-log';
import type { ModelSetup } from './families/family';
import type { StateArrays } from './runtime/step-runner';
import { decodeTensors, encodeTensors, type TensorIndexEntry } from './tensor-file';

/**
 * Checkpoints: <out>/checkpoints/step-NNNNNNN/ holding
 *   nets.json                the networks as data (NetSpec per state prefix)
 *   tensors.{json,bin}       the whole training state: every parameter, running statistic, Adam
 *                            moment ("adam.<role>.m|v.<param>") and EMA weight, float32 LE
 *   state.json               step, epoch, model setup (config, width, …), loader state, each
 *                            optimiser's update count, the runtime that wrote it
 *   training-log.json        progress so far
 *   metrics.jsonl            detector and FID/KID history up to this step (runs with detectors)
 *   manifest.json            SHA-256 of each file above, written last
 * Everything is written into checkpoints/.tmp-<step>/, fsynced, and only then renamed into place.
 * The state is the same numbers on every runtime, so a checkpoint of one resumes on the other.
 */
export interface LogEntry {
  step: number;
  epoch: number;
  losses: Record<string, number>;
  imagesPerSec: number;
}
export interface TrainingSnapshot {
  step: number;
  epoch: number;
  setup: ModelSetup;
  loaderState: unknown;
  log: LogEntry[];
  /** Each optimiser's update count (Adam's t). */
  optimizerSteps: Record<string, number>;
  /** The runtime that trained up to here (a label, for the record). */
  runtime?: string;
}
export interface LoadedCheckpoint {
  dir: string;
  snapshot: TrainingSnapshot;
  nets: Record<string, NetSpec>;
  state: StateArrays;
}
export interface CheckpointContents {
  nets: Record<string, NetSpec>;
  /** State shapes by name (the arrays are flat). */
  shapes: Record<string, number[]>;
  state: Readonly<StateArrays>;
}

const REQUIRED = ['nets.json', 'tensors.json', 'tensors.bin', 'state.json'];
/** The files a checkpoint must have to be resumed from (training/resume-plan.ts checks them too). */
export const CHECKPOINT_FILES: readonly string[] = REQUIRED;
export const stepDirName = (step: number): string => `step-${String(step).padStart(7, '0')}`;

/** step-* folder names, oldest first (numeric: 10000000 comes after 9999999). */
function sortSteps(names: string[]): string[] {
  return names
    .filter((n) => /^step-\d+$/.test(n))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
}

const json = (value: unknown) => `${JSON.stringify(value)}\n`;
/** The copy of the run's metrics log inside a checkpoint or model folder. */
export const METRICS_FILE = 'metrics.jsonl';

async function writeTensors(
  dir: string,
  base: string,
  shapes: Record<string, number[]>,
  state: Readonly<StateArrays>,
): Promise<void> {
  const tensors = Object.fromEntries(
    Object.entries(shapes).map(([name, shape]) => {
      const data = state[name];
      if (!data) throw new Error(`The training state has no tensor named ${name}.`);
      return [name, { shape, data }];
    }),
  );
  const { index, bin } = encodeTensors(tensors);
  await writeFileAtomic(join(dir, `${base}.bin`), bin);
  await writeFileAtomic(
    join(dir, `${base}.json`),
    json({ dtype: 'float32', byteOrder: 'little', tensors: index }),
  );
}

/** Named tensors of a folder's tensors.{json,bin}, with their shapes. */
export async function readTensors(
  dir: string,
  base = 'tensors',
): Promise<{ state: StateArrays; shapes: Record<string, number[]> }> {
  const meta = JSON.parse(await readFile(join(dir, `${base}.json`), 'utf8')) as {
    tensors: TensorIndexEntry[];
  };
  const decoded = decodeTensors(meta.tensors, await readFile(join(dir, `${base}.bin`)));
  const state: StateArrays = {};
  const shapes: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(decoded)) {
    state[name] = t.data;
    shapes[name] = t.shape;
  }
  return { state, shapes };
}

export async function readNets(dir: string): Promise<Record<string, NetSpec>> {
  const parsed = JSON.parse(await readFile(join(dir, 'nets.json'), 'utf8')) as {
    nets?: Record<string, NetSpec>;
  };
  if (!parsed.nets) throw new Error(`${join(dir, 'nets.json')} lists no networks.`);
  return parsed.nets;
}

async function writeContents(
  dir: string,
  c: CheckpointContents,
  snap: TrainingSnapshot,
): Promise<void> {
  await writeFileAtomic(
    join(dir, 'nets.json'),
    json({ format: 'latent-studio-nets', version: 1, nets: c.nets }),
  );
  await writeTensors(dir, 'tensors', c.shapes, c.state);
  const { log: _log, ...rest } = snap;
  await writeFileAtomic(join(dir, 'state.json'), json(rest));
  await writeFileAtomic(join(dir, 'training-log.json'), json(snap.log));
}

/** Test hook: LATENT_STUDIO_TEST_PAUSE_IN_CHECKPOINT=<step> stalls that checkpoint before its manifest, so a test can kill -9 mid-write. */
async function testPause(step: number): Promise<void> {
  if (process.env.LATENT_STUDIO_TEST_PAUSE_IN_CHECKPOINT === String(step))
    await new Promise((resolve) => setTimeout(resolve, 10 * 60_000));
}

/** Writes a checkpoint atomically, then keeps only the newest `keep`. Returns its folder. */
export async function writeCheckpoint(
  outDir: string,
  contents: CheckpointContents,
  snap: TrainingSnapshot,
  keep: number,
): Promise<string> {
  const root = join(outDir, 'checkpoints');
  await mkdir(root, { recursive: true });
  // Leftovers of a killed write are never resumed from; clear them before starting a new one.
  for (const name of await readdir(root))
    if (name.startsWith('.tmp-') || name.startsWith('.old-'))
      await rm(join(root, name), { recursive: true, force: true });
  const tmp = join(root, `.tmp-${snap.step}`);
  await mkdir(tmp);
  await writeContents(tmp, contents, snap);
  await copyMetricsLog(metricsLogPath(outDir), join(tmp, METRICS_FILE), snap.step);
  await testPause(snap.step);
  await writeFileAtomic(join(tmp, MANIFEST), json(await buildManifest(tmp, snap.step)));
  await syncDir(tmp);
  const final = join(root, stepDirName(snap.step));
  // Re-saving a step (stop right after a resume): move the old copy aside rather than delete it
  // first, so there is no moment without a good folder for this step.
  const aside = join(root, `.old-${snap.step}`);
  await rm(aside, { recursive: true, force: true });
  await rename(final, aside).catch(() => undefined);
  await rename(tmp, final);
  await rm(aside, { recursive: true, force: true });
  await syncDir(root);
  const steps = sortSteps(await readdir(root));
  for (const old of steps.slice(0, Math.max(0, steps.length - keep)))
    await rm(join(root, old), { recursive: true, force: true });
  return final;
}

/** Whether `outDir` has any finished checkpoint folder (good or not). */
export async function hasCheckpoints(outDir: string): Promise<boolean> {
  const names = await readdir(join(outDir, 'checkpoints')).catch(() => []);
  return sortSteps(names).length > 0;
}

/** The newest checkpoint whose manifest verifies; broken ones are reported through `skip` and passed over. */
export async function loadLatestCheckpoint(
  outDir: string,
  skip: (dir: string, reason: string) => void = () => undefined,
): Promise<LoadedCheckpoint | null> {
  const root = join(outDir, 'checkpoints');
  let names: string[];
  try {
    names = sortSteps(await readdir(root)).reverse();
  } catch {
    return null;
  }
  for (const name of names) {
    const dir = join(root, name);
    const verdict = await verifyFolder(dir, REQUIRED);
    if (typeof verdict === 'string') {
      skip(dir, verdict);
      continue;
    }
    const snapshot = JSON.parse(
      await readFile(join(dir, 'state.json'), 'utf8'),
    ) as TrainingSnapshot;
    try {
      snapshot.log = JSON.parse(
        await readFile(join(dir, 'training-log.json'), 'utf8'),
      ) as LogEntry[];
    } catch {
      snapshot.log = [];
    }
    const { state } = await readTensors(dir);
    return { dir, snapshot, nets: await readNets(dir), state };
  }
  return null;
}

/**
 * <out>/model/: nets.json and tensors.{json,bin} holding only what makes images (prefix "g": a
 * GAN's EMA generator or a VAE's decoder, with standing statistics) and, for a VAE, the encoder
 * ("e"); config.json, training-log.json, metrics.jsonl (when the run has detectors),
 * manifest.json. Written as .model.tmp first and renamed over any previous model folder.
 */
export async function writeModelFolder(
  outDir: string,
  contents: CheckpointContents,
  snap: TrainingSnapshot,
  runtime: string,
): Promise<string> {
  const tmp = join(outDir, '.model.tmp');
  const final = join(outDir, 'model');
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await writeFileAtomic(
    join(tmp, 'nets.json'),
    json({ format: 'latent-studio-nets', version: 1, nets: contents.nets }),
  );
  await writeTensors(tmp, 'tensors', contents.shapes, contents.state);
  await writeFileAtomic(
    join(tmp, 'config.json'),
    json({ ...snap.setup, steps: snap.step, epoch: snap.epoch, backend: runtime }),
  );
  await writeFileAtomic(join(tmp, 'training-log.json'), json(snap.log));
  await copyMetricsLog(metricsLogPath(outDir), join(tmp, METRICS_FILE), snap.step);
  await finishModelFolder(outDir, tmp, snap.step);
  return final;
}

/** Manifest, fsync, then the finished temp folder takes the place of <out>/model. */
async function finishModelFolder(outDir: string, tmp: string, step: number): Promise<void> {
  await writeFileAtomic(join(tmp, MANIFEST), json(await buildManifest(tmp, step)));
  await syncDir(tmp);
  const final = join(outDir, 'model');
  const aside = join(outDir, '.model.old');
  await rm(aside, { recursive: true, force: true });
  await rename(final, aside).catch(() => undefined);
  await rename(tmp, final);
  await rm(aside, { recursive: true, force: true });
  await syncDir(outDir);
}

/**
 * The final FID/KID point is computed after the model folder is written (the run does not wait
 * for it before saving): once the run's detectors are done, this brings model/metrics.jsonl up
 * to date, re-writing the folder as a whole so its manifest always matches. Returns whether it
 * changed anything (nothing when the folder does not verify or the run has no metrics log).
 */
export async function refreshModelMetrics(outDir: string): Promise<boolean> {
  const final = join(outDir, 'model');
  const manifest = await verifyFolder(final, []);
  const entries = await readMetricsLogIfAny(metricsLogPath(outDir));
  if (typeof manifest === 'string' || entries === null) return false;
  const text = entries
    .filter((e) => e.step <= manifest.step)
    .map((e) => json(e))
    .join('');
  const current = await readFile(join(final, METRICS_FILE), 'utf8').catch(() => null);
  if (current === text) return false;
  const tmp = join(outDir, '.model.tmp');
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  for (const name of Object.keys(manifest.files))
    if (name !== METRICS_FILE)
      await writeFileAtomic(join(tmp, name), await readFile(join(final, name)));
  await writeFileAtomic(join(tmp, METRICS_FILE), text);
  await finishModelFolder(outDir, tmp, manifest.step);
  return true;
}
