import { resolve } from 'node:path';
import { scanFolder } from '../../engine/dataset/scan-folder';
import { extractorCacheDir } from '../../engine/metrics/extractors/open-extractor';
import { defaultDataDir } from '../../engine/paths';
import { TrainingControl } from '../../engine/training/control';
import { autoregressiveTrainInput } from '../../engine/training/family-defaults';
import { prepareTrainConfig } from '../../engine/training/prepare-train-config';
import { runTrainingJob } from '../../engine/training/process/run-training-job';
import type { StepProgress } from '../../engine/training/trainer';
import type { TrainArgs } from './train-args';
import { describeMetrics } from './describe-metrics';
import {
  defaultsBackend,
  trainingRuntimeChoice,
} from '../../engine/training/runtime/defaults-backend';
import { defaultTrainingSize } from '../../engine/training/defaults';

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
 * `latent-studio train FOLDER --family gan|vae|diffusion|pixelcnn|text --out DIR [--size 32|64] [--steps N] [--batch B]
 * [--resume] [--json]`. Trains in this process (the CLI process is the training process), through
 * the same config builder (prepareTrainConfig) and job runner (runTrainingJob) as the app's runs.
 * With --json: one line per step {step, losses, imagesPerSec, etaSec}, then {done: true, model:
 * DIR} (or {done: false, stopped: true, step, checkpoint} after Ctrl-C). Ctrl-C stops after the
 * current step and writes a checkpoint; a second Ctrl-C quits at once (the previous checkpoint is
 * kept).
 */
export async function trainCommand(folder: string, args: TrainArgs): Promise<void> {
  const out = resolve(args.out);
  // What will train decides the defaults (64 px where training runs at native speed); the app's
  // train.defaults/train.start ask the same two functions.
  const runtimeChoice = trainingRuntimeChoice(args.settings.runtime);
  const backend = await defaultsBackend(runtimeChoice);
  const family = args.settings.family ?? 'gan';
  // Text and PixelCNN folders bring their family's defaults; image folders are scanned.
  const own =
    family === 'text' || family === 'pixelcnn'
      ? await autoregressiveTrainInput(folder, family, { backend, seed: args.settings.seed })
      : null;
  const scan = own?.scan ?? {
    ...(await scanFolder(folder, {
      trainingSize: (files) => args.settings.size ?? defaultTrainingSize(files, backend).size,
    })),
    folder,
  };
  const { config, reasons } = prepareTrainConfig({
    scan,
    ...(own && { defaults: own.defaults }),
    settings: { ...args.settings, runtime: runtimeChoice },
    backend,
  });
  if (!args.json) for (const reason of reasons) write(`· ${reason}`);

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
  // Progress lines are stdout's contract with --json; words go to stderr then.
  const say = (message: string) =>
    args.json ? process.stderr.write(`${message}\n`) : write(message);
  const every = Math.max(1, Math.round(config.steps / 200));
  try {
    const result = await runTrainingJob({
      job: {
        folder,
        config,
        outDir: out,
        resume: args.resume,
        width: args.width,
        extractorCacheDir: extractorCacheDir(defaultDataDir()),
      },
      control,
      onProgress: (p) => {
        if (args.json)
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
      onMetrics: (m) => {
        const line = describeMetrics(m);
        if (line) say(line);
      },
      onNotice: say,
      onTextPreview: (p) => say(`step ${p.step}: ${p.text.replace(/\n/g, ' ⏎ ')}`),
    });
    if (result.state === 'finished')
      write(
        args.json
          ? JSON.stringify({ done: true, model: result.modelDir })
          : `Done: the model is in ${result.modelDir}`,
      );
    else
      write(
        args.json
          ? JSON.stringify({
              done: false,
              stopped: true,
              step: result.step,
              checkpoint: result.checkpointDir,
            })
          : `Stopped at step ${result.step}; checkpoint ${result.checkpointDir}. Run again with --resume to continue.`,
      );
  } finally {
    process.off('SIGINT', onSigint);
  }
}
