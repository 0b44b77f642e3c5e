import { readFile } from 'node:fs/promises';
import { StudioError } from '../../contract/channels';
import { trainConfigSchema } from '../../contract/training-schemas';
import { paramInfos } from '../nets/net-shapes';
import type { NetSpec } from '../nets/net-spec';
import { loadLatestCheckpoint, type TrainingSnapshot } from '../training/checkpoint';
import {
  createFamily,
  defaultWidth,
  newRunSetup,
  type ModelSetup,
} from '../training/families/family';
import type { StateArrays } from '../training/runtime/step-runner';

/**
 * Where a job starts: the newest good checkpoint of an app run (weights, Adam moments and t, EMA,
 * running statistics, step, data position, log), or a settings file (the app's initial state at
 * step 0, drawn exactly as `train` would draw it).
 */
export interface JobStart {
  setup: ModelSetup;
  nets: Record<string, NetSpec>;
  state: StateArrays;
  snapshot: TrainingSnapshot;
  /** The checkpoint folder it came from (null: a fresh start from a settings file). */
  checkpointDir: string | null;
  /** The image folder named by the settings file, if any. */
  folder: string | null;
}

export const EXPORTABLE_FAMILIES = ['gan', 'vae'] as const;

function checkFamily(family: string, where: string): void {
  if (!(EXPORTABLE_FAMILIES as readonly string[]).includes(family))
    throw new StudioError(
      'BAD_REQUEST',
      `${where} is a ${family} run: export-job knows the ${EXPORTABLE_FAMILIES.join(' and ')} families so far.`,
    );
}

export async function startFromRun(runDir: string, notice: (m: string) => void): Promise<JobStart> {
  const loaded = await loadLatestCheckpoint(runDir, (dir, why) =>
    notice(`Skipped checkpoint ${dir}: ${why}.`),
  );
  if (!loaded)
    throw new StudioError(
      'NOT_FOUND',
      `${runDir} holds no checkpoint that verifies: train at least until the first checkpoint, or export from a settings file (--config).`,
    );
  checkFamily(loaded.snapshot.setup.config.family, runDir);
  checkState(loaded.nets, loaded.state, loaded.dir);
  return {
    setup: loaded.snapshot.setup,
    nets: loaded.nets,
    state: loaded.state,
    snapshot: loaded.snapshot,
    checkpointDir: loaded.dir,
    folder: null,
  };
}

/**
 * A settings file: a bare training config (as train.defaults gives it), or a model folder's
 * config.json ({config, width, reconstruction, ...}); either may name its "folder".
 */
export async function startFromConfig(file: string): Promise<JobStart> {
  let raw: {
    config?: unknown;
    width?: unknown;
    reconstruction?: unknown;
    folder?: unknown;
    ganOuterBiases?: unknown;
  };
  try {
    raw = JSON.parse(await readFile(file, 'utf8')) as typeof raw;
  } catch (err) {
    throw new StudioError(
      'BAD_FILE',
      `${file} cannot be read as JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const parsed = trainConfigSchema.safeParse(raw.config ?? raw);
  if (!parsed.success)
    throw new StudioError(
      'BAD_FILE',
      `${file} is not a training configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const config = parsed.data;
  checkFamily(config.family, file);
  const setup: ModelSetup = newRunSetup(
    config,
    typeof raw.width === 'number' ? raw.width : defaultWidth(config.family),
    raw.reconstruction === 'mse' ? 'mse' : 'bce',
    raw.ganOuterBiases !== false,
  );
  const family = createFamily(setup);
  return {
    setup,
    nets: family.nets,
    state: family.initialState(),
    snapshot: {
      step: 0,
      epoch: 0,
      setup,
      loaderState: { seed: config.seed, epoch: 0, position: 0 },
      log: [],
      optimizerSteps: Object.fromEntries(Object.keys(family.optimizers).map((r) => [r, 0])),
    },
    checkpointDir: null,
    folder: typeof raw.folder === 'string' ? raw.folder : null,
  };
}

/** Every parameter of every network is in the state with its size, or the checkpoint is refused in words. */
function checkState(nets: Record<string, NetSpec>, state: StateArrays, dir: string): void {
  for (const [prefix, spec] of Object.entries(nets))
    for (const [name, info] of paramInfos(spec)) {
      const size = info.shape.reduce((a, b) => a * b, 1);
      const have = state[`${prefix}.${name}`];
      if (!have || have.length !== size)
        throw new StudioError(
          'BAD_FILE',
          `${dir}: the state has ${have ? `${have.length} values` : 'nothing'} for ${prefix}.${name}, which needs ${size}.`,
        );
    }
}
