import { describeImported, importCheckpoint } from '../../engine/torch-job/import-checkpoint';
import { printResult, UsageError } from '../output';

export const IMPORT_CHECKPOINT_USAGE = `  import-checkpoint DIR --out RUN_DIR [--json]   a checkpoint (e.g. a PyTorch job's out/) into an
                                           app run folder, to resume with train --resume`;

/** `latent-studio import-checkpoint DIR --out RUN_DIR [--json]` (engine/torch-job/import-checkpoint.ts). */
export async function importCheckpointCommand(
  source: string | undefined,
  out: string | undefined,
  json: boolean,
): Promise<void> {
  if (!source) throw new UsageError('import-checkpoint needs a checkpoint or run folder');
  if (!out) throw new UsageError('import-checkpoint needs --out RUN_DIR');
  const r = await importCheckpoint(source, out);
  printResult(json, r, () => describeImported(r));
}
