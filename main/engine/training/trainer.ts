import type { TrainConfig } from '../../contract/training-schemas';
import {
  hasCheckpoints,
  loadLatestCheckpoint,
  writeCheckpoint,
  writeModelFolder,
  type CheckpointContents,
  type LogEntry,
  type TrainingSnapshot,
} from './checkpoint';
import { TrainingControl } from './control';
import type { BatchSource } from './data-source';
import { openDatasetSource } from './dataset-source';
import { modelProbe, type ModelProbe } from './detectors/model-probes';
import {
  createFamily,
  defaultWidth,
  newRunSetup,
  type ModelSetup,
  type TrainingFamily,
} from './families/family';
import { renderPreview } from './preview';
import { openRuntime, type OpenRuntime, type RuntimeChoice } from './runtime/open-runtime';
import type { ForwardRunner } from './runtime/forward-runner';
import { TrainingSampler } from './sampling';
import type { TrainBackendChoice } from './training-runtime';
import type { Reconstruction } from './families/vae-step';
import { paramInfos } from '../nets/net-shapes';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write';
import { learnVocab, vocabFromTokens } from '../autoregressive/char-vocab';
import { openTextCorpus, type TextCorpus } from '../autoregressive/text-corpus';
import type { AutoregressiveSession } from './families/autoregressive-family';
import { textSource } from './text-source';

export interface StepProgress {
  step: number;
  totalSteps: number;
  epoch: number;
  losses: Record<string, number>;
  imagesPerSec: number;
  etaSec: number;
  backend: string;
}
export interface PreviewImage {
  step: number;
  width: number;
  height: number;
  rgba: Uint8Array;
}
export interface TrainOptions {
  /** A folder of images (read by the built-in loader), or a ready loader. */
  folder?: string;
  loader?: BatchSource;
  /** Where the folder's decoded images are cached (default <outDir>/cache). */
  cacheDir?: string;
  config: TrainConfig;
  outDir: string;
  /** Continue from the newest checkpoint in outDir that verifies (a fresh start if there is none). */
  resume?: boolean;
  signal?: AbortSignal;
  control?: TrainingControl;
  /** Network base width; default config.width, else by family. Fixed by the checkpoint on resume. */
  width?: number;
  reconstruction?: Reconstruction;
  /** onnxruntime or tfjs (runtime/open-runtime.ts); default 'auto' (onnxruntime). */
  runtime?: RuntimeChoice;
  /** The tfjs backend when tfjs trains (tests force 'cpu'). */
  backend?: TrainBackendChoice;
  /** onnxruntime intra-op threads (default: every core). */
  threads?: number;
  onProgress?: (p: StepProgress) => void;
  onPreview?: (p: PreviewImage) => void;
  /** Text runs: a continuation of a fixed held-out prompt at every preview step. */
  onTextPreview?: (p: { step: number; text: string }) => void;
  onCheckpoint?: (c: { step: number; dir: string }) => void;
  onPaused?: (paused: boolean) => void;
  /** Messages in words (a skipped broken checkpoint, a resume). */
  onNotice?: (message: string) => void;
  /** After each step (and its preview): the live detectors' hook (held-out loss, FID/KID samples). */
  onStepEnd?: (s: { step: number; probe: ModelProbe; source: BatchSource }) => void | Promise<void>;
}
export interface TrainResult {
  state: 'finished' | 'stopped';
  step: number;
  modelDir: string | null;
  checkpointDir: string | null;
  backend: string;
}

/** On resume the network shape comes from the checkpoint; schedule fields may be changed by the caller. */
function resumedSetup(saved: ModelSetup, config: TrainConfig): ModelSetup {
  const { steps, checkpointEvery, previewEvery, keepCheckpoints } = config;
  return {
    ...saved,
    config: { ...saved.config, steps, checkpointEvery, previewEvery, keepCheckpoints },
  };
}

/**
 * Trains a model family on a folder: each step one batch from the loader and one run of the
 * family's step program (runtime/). Checkpoints every checkpointEvery steps and on stop; at the
 * end the model folder. Deterministic: stopping at k and resuming gives the weights of an
 * unbroken run.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const control = options.control ?? new TrainingControl();
  const notice = options.onNotice ?? (() => undefined);
  const loaded = options.resume
    ? await loadLatestCheckpoint(options.outDir, (dir, why) =>
        notice(`Skipped checkpoint ${dir}: ${why}.`),
      )
    : null;
  if (!options.resume && (await hasCheckpoints(options.outDir)))
    throw new Error(
      `${options.outDir} already holds checkpoints of an earlier run. Resume it, or choose another output folder (nothing was overwritten).`,
    );
  const width = options.width ?? options.config.width ?? defaultWidth(options.config.family);
  let setup: ModelSetup = loaded
    ? resumedSetup(loaded.snapshot.setup, options.config)
    : // The width that runs is written into the config too, so the run's record says it.
      newRunSetup({ ...options.config, width }, width, options.reconstruction ?? 'bce');
  // Text: the folder decides the vocabulary (a resumed run keeps the one it started with).
  const corpus =
    setup.config.family === 'text' && !options.loader
      ? await openTextCorpus(requireFolder(options), setup.config.seed)
      : null;
  if (corpus && !setup.vocab)
    setup = { ...setup, vocab: [...learnVocab([...corpus.train, ...corpus.heldOut]).tokens] };
  const family = createFamily(setup);
  if (loaded && JSON.stringify(loaded.nets) !== JSON.stringify(family.nets))
    throw new Error(
      `The checkpoint in ${loaded.dir} holds networks this version does not build the same way; it cannot be resumed (nothing was changed).`,
    );
  const { config } = setup;
  const source =
    options.loader ??
    (corpus
      ? await openTextSource(corpus, setup, options.outDir, notice)
      : await openDatasetSource(
          requireFolder(options),
          config,
          options.outDir,
          options.cacheDir,
          notice,
        ));
  const forwards: ForwardRunner[] = [];
  let runtime: OpenRuntime | null = null;
  try {
    if (source.size !== config.size || source.channels !== config.channels)
      throw new Error(
        `The loader gives ${source.size} px × ${source.channels} channels but the run needs ${config.size} px × ${config.channels}.`,
      );
    runtime = await openRuntime(family, config.batch, loaded?.state ?? family.initialState(), {
      ...((options.runtime ?? config.runtime) !== undefined && {
        runtime: options.runtime ?? config.runtime,
      }),
      ...(options.backend !== undefined && { backend: options.backend }),
      ...(options.threads !== undefined && { threads: options.threads }),
      notice,
    });
    const forward = (spec: Parameters<OpenRuntime['forward']>[0]) => {
      const f = runtime!.forward(spec);
      forwards.push(f);
      return f;
    };
    const sampler = new TrainingSampler(family, forward(family.sampler.spec));
    const encoder = family.encoder ? forward(family.encoder.spec) : null;
    if (loaded) {
      source.restore(loaded.snapshot.loaderState);
      notice(`Resuming from step ${loaded.snapshot.step} (${loaded.dir}).`);
    }
    return await loop(
      family,
      runtime,
      sampler,
      encoder,
      source,
      control,
      options,
      loaded?.snapshot,
    );
  } finally {
    for (const f of forwards) await f.dispose();
    await runtime?.runner.dispose();
    if (!options.loader) await source.close?.();
  }
}

/**
 * The text run's source; its held-out passages are written to <out>/heldout/ (one file each), the
 * folder `eval bleu --heldout` and `eval nll` take to judge the model on text it never saw.
 */
async function openTextSource(
  corpus: TextCorpus,
  setup: ModelSetup,
  outDir: string,
  notice: (m: string) => void,
): Promise<BatchSource> {
  const { config } = setup;
  const dir = join(outDir, 'heldout');
  await mkdir(dir, { recursive: true });
  for (const [i, passage] of corpus.heldOut.entries())
    await writeFileAtomic(join(dir, `passage-${String(i + 1).padStart(4, '0')}.txt`), passage);
  for (const r of corpus.rejected) notice(`${r.file} is left out: ${r.reason}.`);
  notice(
    corpus.heldOut.length > 0
      ? `${corpus.heldOut.length} of ${corpus.train.length + corpus.heldOut.length} passages are held out of training (bits per character and BLEU are measured on them).`
      : `Only ${corpus.train.length} passages: none is held out, so there is no held-out likelihood.`,
  );
  return textSource(
    corpus,
    vocabFromTokens(setup.vocab!),
    config.context ?? 128,
    config.seed,
    config,
  );
}

function requireFolder(options: TrainOptions): string {
  if (!options.folder) throw new Error('Training needs a folder of images or a loader.');
  return options.folder;
}

async function loop(
  family: TrainingFamily,
  runtime: OpenRuntime,
  sampler: TrainingSampler,
  encoder: ForwardRunner | null,
  source: BatchSource,
  control: TrainingControl,
  options: TrainOptions,
  resumed: TrainingSnapshot | undefined,
): Promise<TrainResult> {
  const { runner } = runtime;
  const ar = family.autoregressive?.open({ source, state: () => runner.state() }) ?? null;
  const base = modelProbe(family, sampler, encoder, () => runner.state());
  const probe: ModelProbe = ar
    ? {
        samples: (count) => (ar.samples ? ar.samples(count) : base.samples(count)),
        heldOutNll: () => ar.heldOutNll(),
      }
    : base;
  try {
    return await trainLoop(family, runner, source, control, options, resumed, probe, ar, sampler);
  } finally {
    await ar?.dispose();
  }
}

async function trainLoop(
  family: TrainingFamily,
  runner: OpenRuntime['runner'],
  source: BatchSource,
  control: TrainingControl,
  options: TrainOptions,
  resumed: TrainingSnapshot | undefined,
  probe: ModelProbe,
  ar: AutoregressiveSession | null,
  sampler: TrainingSampler,
): Promise<TrainResult> {
  const { config } = family.setup;
  const label = runner.label;
  const log: LogEntry[] = resumed?.log ?? [];
  const optimizerSteps: Record<string, number> = {
    ...Object.fromEntries(Object.keys(family.optimizers).map((r) => [r, 0])),
    ...resumed?.optimizerSteps,
  };
  let step = resumed?.step ?? 0;
  const snapshot = (): TrainingSnapshot => ({
    step,
    epoch: source.epoch(),
    setup: family.setup,
    loaderState: source.state(),
    log,
    optimizerSteps: { ...optimizerSteps },
    runtime: label,
  });
  const contents = (): CheckpointContents => ({
    nets: family.nets,
    shapes: family.program.stateShapes,
    state: runner.state(),
  });
  let savedStep = step;
  let checkpointDir: string | null = null;
  const save = async () => {
    checkpointDir = await writeCheckpoint(
      options.outDir,
      contents(),
      snapshot(),
      config.keepCheckpoints,
    );
    savedStep = step;
    options.onCheckpoint?.({ step, dir: checkpointDir });
  };
  const per = family.sampleFloats ?? config.size * config.size * config.channels;
  let secPerStep = 0;
  while (step < config.steps) {
    if ((await control.gate(options.signal, options.onPaused)) === 'stop') break;
    const started = performance.now();
    const batch = await source.next(config.batch);
    for (const role of Object.keys(optimizerSteps)) optimizerSteps[role]! += 1;
    const losses = await runner.step(
      family.batchInputs(batch, batch.length / per, step),
      family.scalars(step, optimizerSteps),
    );
    step += 1;
    const bad = Object.entries(losses).find(([, v]) => !Number.isFinite(v));
    if (bad)
      throw new Error(
        `Training diverged at step ${step}: the ${bad[0]} loss became ${bad[1]}. Try a lower learning rate.`,
      );
    const sec = (performance.now() - started) / 1000;
    // Smoothed over ~20 steps so the ETA does not jump with every checkpoint or preview.
    secPerStep = secPerStep === 0 ? sec : secPerStep * 0.95 + sec * 0.05;
    const imagesPerSec = config.batch / secPerStep;
    const epoch = source.epoch();
    log.push({ step, epoch, losses, imagesPerSec });
    options.onProgress?.({
      step,
      totalSteps: config.steps,
      epoch,
      losses,
      imagesPerSec,
      etaSec: (config.steps - step) * secPerStep,
      backend: label,
    });
    if (step % config.previewEvery === 0 || step === config.steps) {
      if (ar) {
        const p = await ar.preview(step);
        if (p.image) options.onPreview?.({ step, ...p.image });
        if (p.text !== undefined) options.onTextPreview?.({ step, text: p.text });
      } else
        options.onPreview?.({
          step,
          ...(await renderPreview(family, sampler, await sampler.params(runner.state()))),
        });
    }
    await options.onStepEnd?.({ step, probe, source });
    if (step % config.checkpointEvery === 0) await save();
  }
  if (step !== savedStep || checkpointDir === null) await save();
  if (step < config.steps)
    return { state: 'stopped', step, modelDir: null, checkpointDir, backend: label };
  const modelDir = await writeModelFolder(
    options.outDir,
    await modelContents(family, sampler, runner.state()),
    snapshot(),
    label,
  );
  return { state: 'finished', step, modelDir, checkpointDir, backend: label };
}

/** What the model folder keeps: the sampling network as "g" (standing statistics baked in) and a VAE's encoder as "e". */
async function modelContents(
  family: TrainingFamily,
  sampler: TrainingSampler,
  state: Readonly<Record<string, Float32Array>>,
): Promise<CheckpointContents> {
  const params = await sampler.params(state);
  const shapes: Record<string, number[]> = {};
  const out: Record<string, Float32Array> = {};
  const nets: Record<string, typeof family.sampler.spec> = { g: family.sampler.spec };
  for (const [name, info] of paramInfos(family.sampler.spec)) {
    shapes[`g.${name}`] = info.shape;
    out[`g.${name}`] = Float32Array.from(params(name));
  }
  if (family.encoder) {
    nets.e = family.encoder.spec;
    for (const [name, info] of paramInfos(family.encoder.spec)) {
      shapes[`e.${name}`] = info.shape;
      out[`e.${name}`] = Float32Array.from(state[`${family.encoder.prefix}.${name}`]!);
    }
  }
  return { nets, shapes, state: out };
}
