import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write';
import { readGeneratorSpecFile, writeGeneratorSpecFile } from '../nets/spec-file';
import { readGeneratorWeightsFile, writeGeneratorWeightsFile } from '../nets/weights-file';
import type { AdamState } from './adam';
import { buildManifest, MANIFEST, syncDir, verifyFolder } from './checkpoint-files';
import { copyMetricsLog, metricsLogPath, readMetricsLogIfAny } from './detectors/metrics-log';
import type { GeneratorSpec } from '../nets/generator-spec';
import type { ModelSetup, TrainingModels } from './models';
import { assignParams, readParams, type StoredTensor } from './named-params';
import { paramsToWeights, type Tf } from './spec-forward';
import { decodeTensors, encodeTensors, type TensorIndexEntry } from './tensor-file';

/**
 * Checkpoints: <out>/checkpoints/step-NNNNNNN/ holding
 *   generator-spec.json, generator-weights.{json,bin}  the exportable generator (or VAE decoder)
 *   networks.{json,bin}      critic (d.*) or encoder (e.*) weights
 *   optimizer.{json,bin}     Adam m, v per variable and t per optimiser
 *   state.json               step, epoch, model setup (config, width), loader state
 *   training-log.json        progress so far
 *   metrics.jsonl            detector and FID/KID history up to this step (runs with detectors;
 *                            optional: older checkpoints have none and still load)
 *   manifest.json            SHA-256 of each file above, written last
 * Everything is written into checkpoints/.tmp-<step>/, fsynced, and only then renamed into place.
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
}
export interface LoadedCheckpoint {
  dir: string;
  snapshot: TrainingSnapshot;
  spec: GeneratorSpec;
  tensors: Record<string, StoredTensor>;
  optimizers: Record<string, AdamState>;
}

const REQUIRED = [
  'generator-spec.json',
  'generator-weights.json',
  'generator-weights.bin',
  'networks.json',
  'networks.bin',
  'optimizer.json',
  'optimizer.bin',
  'state.json',
];
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
  tensors: Record<string, StoredTensor>,
  extra: object = {},
): Promise<void> {
  const { index, bin } = encodeTensors(tensors);
  await writeFileAtomic(join(dir, `${base}.bin`), bin);
  await writeFileAtomic(
    join(dir, `${base}.json`),
    json({ ...extra, dtype: 'float32', byteOrder: 'little', tensors: index }),
  );
}

async function readTensors(
  dir: string,
  base: string,
): Promise<{ meta: Record<string, unknown>; tensors: Record<string, StoredTensor> }> {
  const meta = JSON.parse(await readFile(join(dir, `${base}.json`), 'utf8')) as {
    tensors: TensorIndexEntry[];
  };
  return { meta, tensors: decodeTensors(meta.tensors, await readFile(join(dir, `${base}.bin`))) };
}

/** Writes the model folder contents (generator, networks, optimiser, state, log) into `dir`. */
async function writeContents(
  dir: string,
  m: TrainingModels,
  snap: TrainingSnapshot,
): Promise<void> {
  await writeGeneratorSpecFile(dir, m.spec);
  await writeGeneratorWeightsFile(dir, m.spec, paramsToWeights(m.gen));
  const others = readParams(
    Object.fromEntries(Object.entries(m.all).filter(([n]) => !n.startsWith('g.'))),
  );
  await writeTensors(dir, 'networks', others);
  const moments: Record<string, StoredTensor> = {};
  const steps: Record<string, number> = {};
  for (const [role, opt] of Object.entries(m.optimizers)) {
    const s = opt.state();
    steps[role] = s.t;
    for (const [n, t] of Object.entries(s.m)) moments[`${role}/m/${n}`] = t;
    for (const [n, t] of Object.entries(s.v)) moments[`${role}/v/${n}`] = t;
  }
  await writeTensors(dir, 'optimizer', moments, { steps });
  await writeFileAtomic(
    join(dir, 'state.json'),
    json({ step: snap.step, epoch: snap.epoch, setup: snap.setup, loaderState: snap.loaderState }),
  );
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
  m: TrainingModels,
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
  await writeContents(tmp, m, snap);
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
    const spec = await readGeneratorSpecFile(dir);
    const tensors: Record<string, StoredTensor> = (await readTensors(dir, 'networks')).tensors;
    for (const [layer, keys] of Object.entries(await readGeneratorWeightsFile(dir)))
      for (const [key, t] of Object.entries(keys)) tensors[`g.${layer}.${key}`] = t;
    const opt = await readTensors(dir, 'optimizer');
    const optimizers: Record<string, AdamState> = {};
    for (const [role, t] of Object.entries(opt.meta.steps as Record<string, number>))
      optimizers[role] = { t, m: {}, v: {} };
    for (const [key, t] of Object.entries(opt.tensors)) {
      const [role = '', table = '', ...rest] = key.split('/');
      const target = optimizers[role];
      if (target && (table === 'm' || table === 'v')) target[table][rest.join('/')] = t;
    }
    return { dir, snapshot, spec, tensors, optimizers };
  }
  return null;
}

/** Puts a checkpoint's weights and optimiser state into freshly created models. */
export function restoreModels(tf: Tf, m: TrainingModels, loaded: LoadedCheckpoint): void {
  assignParams(tf, m.all, loaded.tensors);
  for (const [role, opt] of Object.entries(m.optimizers)) {
    const state = loaded.optimizers[role];
    if (!state) throw new Error(`The checkpoint has no optimiser state for ${role}.`);
    opt.restore(state);
  }
}

/**
 * <out>/model/: generator-spec.json + generator-weights.{json,bin} (what the exporter reads),
 * networks.{json,bin} (critic or encoder), config.json, training-log.json, metrics.jsonl (when
 * the run has detectors), manifest.json. Written as model.tmp first and renamed over any
 * previous model folder.
 */
export async function writeModelFolder(
  outDir: string,
  m: TrainingModels,
  snap: TrainingSnapshot,
  backend: string,
): Promise<string> {
  const tmp = join(outDir, '.model.tmp');
  const final = join(outDir, 'model');
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await writeGeneratorSpecFile(tmp, m.spec);
  await writeGeneratorWeightsFile(tmp, m.spec, paramsToWeights(m.gen));
  await writeTensors(
    tmp,
    'networks',
    readParams(Object.fromEntries(Object.entries(m.all).filter(([n]) => !n.startsWith('g.')))),
  );
  await writeFileAtomic(
    join(tmp, 'config.json'),
    json({ ...snap.setup, steps: snap.step, epoch: snap.epoch, backend }),
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
