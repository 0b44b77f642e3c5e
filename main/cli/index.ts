import { parseArgs } from 'node:util';
import { StudioError } from '../contract/channels';
import { importCommand, inspectCommand, modelsCommand } from './commands/model-commands';
import { infoCommand, interpolateCommand, sampleCommand } from './commands/sample-commands';
import { evalCommand, EVAL_USAGE } from './commands/eval-command';
import { exportOnnxCommand } from './commands/export-onnx-command';
import { EXPORT_JOB_USAGE, exportJobCommand } from './commands/export-job-command';
import {
  IMPORT_CHECKPOINT_USAGE,
  importCheckpointCommand,
} from './commands/import-checkpoint-command';
import {
  animateCommand,
  directionsCommand,
  encodeCommand,
  MEDIA_USAGE,
  projectImageCommand,
} from './commands/media-commands';
import { projectCommand, PROJECT_USAGE, renderProjectCommand } from './commands/project-commands';
import { scanCommand } from './commands/scan-command';
import { providerOption, serveCommand } from './commands/serve-command';
import { TRAIN_OPTIONS, TRAIN_USAGE, trainArgs } from './commands/train-args';
import { trainCommand } from './commands/train-command';
import { generateCommand, TEXT_USAGE } from './commands/text-commands';
import { forTerminal, UsageError } from './output';

const USAGE = `Usage: latent-studio <command> [options]

  inspect MODEL.onnx [--provider auto|cuda|cpu] [--json]   detected properties, runtime and provider
  import MODEL.onnx|MODEL_DIR [--name NAME] [--json]  copy a model (or a trained model folder,
                                           exported to ONNX with its record) into your library
  models [--json]                          list bundled and imported models
  sample --model ID|PATH --seed S --count N [--truncation T] --out DIR [--json]
         [--sampler ddim|ddpm] [--steps K] [--eta E]   diffusion models (default: the model's)
  sample --model M --latent FILE.npy --out DIR [--json]   exactly these latents: z [N,d] or x_T [N,C,H,W]
  interpolate --model M --from SEED|PNG --to SEED|PNG --frames K [--method slerp|lerp]
              --out DIR|FILE.gif|FILE.png [--fps F] [--sampler …] [--steps K] [--eta E]
              [--overwrite] [--json]
  info IMAGE.png [--json]                  the latent stored in an exported PNG
  serve [--port P] [--provider auto|cuda|cpu]   the app in a browser, on 127.0.0.1 only
  scan FOLDER [--json]                     pre-flight check of a training folder
${TRAIN_USAGE}
  export-onnx MODEL_DIR|RUN_DIR --out FILE.onnx|DIR [--overwrite] [--json]   a trained model as ONNX

  Files named with --out are never replaced unless --overwrite is given; folders of PNGs get
  numbered names (-2, -3 …) instead of replacing anything.
${EXPORT_JOB_USAGE}
${IMPORT_CHECKPOINT_USAGE}
${EVAL_USAGE}
${TEXT_USAGE}
${PROJECT_USAGE}
${MEDIA_USAGE}`;

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  name: { type: 'string' },
  model: { type: 'string' },
  seed: { type: 'string' },
  count: { type: 'string' },
  truncation: { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  frames: { type: 'string' },
  method: { type: 'string' },
  fps: { type: 'string' },
  port: { type: 'string' },
  provider: { type: 'string' },
  hyp: { type: 'string' },
  ref: { type: 'string', multiple: true },
  real: { type: 'string' },
  fake: { type: 'string' },
  smooth: { type: 'string' },
  tokenize: { type: 'string' },
  train: { type: 'string' },
  keyframes: { type: 'string' },
  durations: { type: 'string' },
  easing: { type: 'string' },
  loop: { type: 'boolean' },
  scale: { type: 'string' },
  filter: { type: 'string' },
  crf: { type: 'string' },
  overwrite: { type: 'boolean' },
  samples: { type: 'string' },
  features: { type: 'string' },
  sampler: { type: 'string' },
  eta: { type: 'string' },
  latent: { type: 'string' },
  refine: { type: 'string' },
  ...TRAIN_OPTIONS,
  prompt: { type: 'string' },
  'max-tokens': { type: 'string' },
  temperature: { type: 'string' },
  'top-k': { type: 'string' },
  'top-p': { type: 'string' },
  heldout: { type: 'string' },
  'prompt-tokens': { type: 'string' },
  config: { type: 'string' },
  folder: { type: 'string' },
  data: { type: 'string' },
} as const;

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
  });
  const [command, target] = positionals;
  const json = values.json === true;
  const o = values as Record<string, string | undefined>;
  const needTarget = () => {
    if (!target) throw new UsageError(`${command} needs a file argument`);
    return target;
  };
  switch (command) {
    case 'inspect':
      return inspectCommand(
        needTarget(),
        json,
        values.provider === undefined ? undefined : providerOption(values.provider),
      );
    case 'import':
      return importCommand(needTarget(), values.name, json);
    case 'models':
      return modelsCommand(json);
    case 'sample':
      return sampleCommand(o, json);
    case 'interpolate':
      return interpolateCommand(o, json, values.overwrite === true);
    case 'info':
      return infoCommand(needTarget(), json);
    case 'serve':
      return serveCommand(o);
    case 'scan':
      return scanCommand(needTarget(), json);
    case 'train':
      return trainCommand(needTarget(), trainArgs(values, json));
    case 'export-onnx':
      if (!values.out) throw new UsageError('export-onnx needs --out FILE.onnx');
      return exportOnnxCommand(needTarget(), values.out, json, values.overwrite === true);
    case 'generate':
      return generateCommand(values, json);
    case 'import-checkpoint':
      return importCheckpointCommand(target, values.out, json);
    case 'export-job':
      return exportJobCommand(target, o, json);
    case 'eval':
      return evalCommand(target, values, json, positionals.slice(2));
    case 'project':
      return projectCommand(target, positionals[2], json);
    case 'render-project':
      return renderProjectCommand(
        target,
        { out: o.out, model: o.model, overwrite: values.overwrite === true },
        json,
      );
    case 'animate':
      return animateCommand(
        o,
        { loop: values.loop === true, overwrite: values.overwrite === true },
        json,
      );
    case 'encode':
      return encodeCommand(target, o, json);
    case 'project-image':
      return projectImageCommand(target, o, json);
    case 'directions':
      return directionsCommand(o, json);
    default:
      if (values.help || !command) {
        process.stdout.write(`${USAGE}\n`);
        return;
      }
      throw new UsageError(`Unknown command "${command}"`);
  }
}

/** Errors go to stderr in words with exit code 1; never a stack trace for expected failures. */
export async function main(argv: string[]): Promise<void> {
  try {
    await run(argv);
    if (argv[0] !== 'serve') process.exit(0);
  } catch (raw) {
    // Messages can quote file contents (names, metadata): never let them drive the terminal.
    const err =
      raw instanceof Error ? Object.assign(raw, { message: forTerminal(raw.message) }) : raw;
    if (err instanceof UsageError)
      process.stderr.write(`latent-studio: ${err.message}\n\n${USAGE}\n`);
    else if (err instanceof StudioError) process.stderr.write(`latent-studio: ${err.message}\n`);
    else if (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
      process.stderr.write(`latent-studio: ${err.message}\n`);
    else
      process.stderr.write(
        `latent-studio: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`,
      );
    process.exit(1);
  }
}

void main(process.argv.slice(2));
