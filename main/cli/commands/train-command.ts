import { resolve } from 'node:path';
import { StudioError } from '../../contract/channels';
import { trainConfigSchema, type TrainConfig } from '../../contract/training-schemas';
import { scanFolder } from '../../engine/dataset/scan-folder';
import { TrainingControl } from '../../engine/training/control';
import { defaultTrainConfig } from '../../engine/training/defaults';
import { train, type StepProgress } from '../../engine/training/trainer';
import { backendChoiceFromEnv, trainingRuntime } from '../../engine/training/training-runtime';
import {
  runtimeChoiceFromEnv,
  type RuntimeChoice,
} from '../../engine/training/runtime/open-runtime';
import { cliDetectors, describeMetrics } from './train-detectors';

export interface TrainCommandOptions {
  family: 'gan' | 'vae';
  size?: 32 | 64;
  steps?: number;
  batch?: number;
  out: string;
  resume?: boolean;
  json: boolean;
  /** Network base width (default by size); mostly for quick experiments. */
  width?: number;
  seed?: number;
  /** Live detectors and FID/KID with this extractor ('inception', 'fashion-mnist', or an .onnx). */
  extractor?: string;
  evalEvery?: number;
  evalSamples?: number;
  /** onnxruntime or tfjs (default: onnxruntime). */
  runtime?: RuntimeChoice;
}

const write = (line: string) => process.stdout.write(`${line}\n`);

function human(p: StepProgress): string {
  const losses = Object.entries(p.losses)
    .map(([k, v]) => `${k} ${v.toFixed(4)}`)
    .join(', ');
  const eta =
    p.etaSec >= 3600 ? `${(p.etaSec / 3600).toFixed(1)} h` : `${Math.round(p.etaSec / 60)} min`;
  return `step ${p.step}/${p.totalSteps}  ${losses}  ${p.imagesPerSec.toFixed(1)} img/s  eta ${eta}`;
}

/**
 * `latent-studio train FOLDER --family gan|vae --out DIR [--size 32|64] [--steps N] [--batch B]
 * [--resume] [--json]`. Trains in this process (the CLI process is the training process). With
 * --json: one line per step {step, losses, imagesPerSec, etaSec}, then {done: true, model: DIR}
 * (or {done: false, stopped: true, step, checkpoint} after Ctrl-C). Ctrl-C stops after the current
 * step and writes a checkpoint; a second Ctrl-C quits at once (the previous checkpoint is kept).
 */
export async function trainCommand(folder: string, options: TrainCommandOptions): Promise<void> {
  const out = resolve(options.out);
  const runtimeChoice = options.runtime ?? runtimeChoiceFromEnv();
  const backend =
    runtimeChoice === 'tfjs'
      ? (await trainingRuntime(backendChoiceFromEnv())).backend
      : 'onnxruntime';
  const scan = await scanFolder(folder, { trainingSize: options.size ?? 64 });
  if (scan.usable === 0)
    throw new StudioError(
      'BAD_REQUEST',
      `${folder} has no usable images (${scan.rejected.length} rejected).`,
    );
  const defaults = defaultTrainConfig({
    scan,
    family: options.family,
    backend,
    seed: options.seed,
  });
  const parsed = trainConfigSchema.safeParse({
    ...defaults.config,
    ...(options.size ? { size: options.size } : {}),
    ...(options.steps ? { steps: options.steps } : {}),
    ...(options.batch ? { batch: options.batch } : {}),
    ...(options.extractor ? { extractor: options.extractor } : {}),
    ...(options.evalEvery !== undefined ? { evalEvery: options.evalEvery } : {}),
    ...(options.evalSamples ? { evalSamples: options.evalSamples } : {}),
    runtime: runtimeChoice,
  } satisfies Partial<TrainConfig>);
  if (!parsed.success)
    throw new StudioError(
      'BAD_REQUEST',
      `Invalid training settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const config = parsed.data;
  if (!options.json) for (const reason of defaults.reasons) write(`· ${reason}`);

  const control = new TrainingControl();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(
      'Stopping after this step and saving a checkpoint… (Ctrl-C again to quit now)\n',
    );
    control.cancel();
  };
  process.on('SIGINT', onSigint);
  const say = (message: string) =>
    options.json ? process.stderr.write(`${message}\n`) : write(message);
  // Detectors run only when an extractor is named: the CLI stays quick for scripted runs.
  const detectors = config.extractor
    ? cliDetectors(
        config,
        out,
        options.resume === true,
        (m) => {
          const line = describeMetrics(m);
          if (line) say(line);
        },
        say,
      )
    : null;
  try {
    const every = Math.max(1, Math.round(config.steps / 200));
    const result = await train({
      folder,
      config,
      outDir: out,
      resume: options.resume,
      width: options.width,
      runtime: runtimeChoice,
      backend: backendChoiceFromEnv(),
      control,
      onProgress: (p) => {
        if (options.json)
          write(
            JSON.stringify({
              step: p.step,
              losses: p.losses,
              imagesPerSec: p.imagesPerSec,
              etaSec: p.etaSec,
              runtime: p.backend,
            }),
          );
        else if (p.step % every === 0 || p.step === 1) write(human(p));
      },
      onPreview: detectors
        ? (p) => detectors.preview(p.step, { width: p.width, height: p.height, data: p.rgba })
        : undefined,
      onStepEnd: detectors ? (s) => detectors.stepEnd(s) : undefined,
      onNotice: say,
    });
    await detectors?.close(result.state === 'finished');
    if (result.state === 'finished')
      write(
        options.json
          ? JSON.stringify({ done: true, model: result.modelDir })
          : `Done: the model is in ${result.modelDir}`,
      );
    else
      write(
        options.json
          ? JSON.stringify({
              done: false,
              stopped: true,
              step: result.step,
              checkpoint: result.checkpointDir,
            })
          : `Stopped at step ${result.step}; checkpoint ${result.checkpointDir}. Run again with --resume to continue.`,
      );
  } catch (err) {
    await detectors?.close(false).catch(() => undefined);
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
