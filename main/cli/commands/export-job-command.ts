import { join } from 'node:path';
import { exportTorchJob } from '../../engine/torch-job/export-job';
import { packageRoot } from '../cli-context';
import { printResult, UsageError } from '../output';
import { parseNumber } from './latent-args';

export const EXPORT_JOB_USAGE = `  export-job RUN_DIR|--config FILE [--folder DIR] --out DIR [--data copy|reference|folder]
             [--steps N] [--json]           the run as a PyTorch job (DDP, torchrun); see its README`;

/**
 * `latent-studio export-job RUN_DIR|--config FILE --out DIR [--json]`: writes a PyTorch job folder
 * that continues the run exactly (engine/torch-job/). Notices go to stderr with --json.
 */
export async function exportJobCommand(
  runDir: string | undefined,
  o: Record<string, string | undefined>,
  json: boolean,
): Promise<void> {
  if (!o.out) throw new UsageError('export-job needs --out DIR');
  if (!runDir && !o.config) throw new UsageError('export-job needs a run folder or --config FILE');
  const data = o.data ?? 'copy';
  if (data !== 'copy' && data !== 'reference' && data !== 'folder')
    throw new UsageError('--data must be copy, reference or folder');
  const say = (m: string) => (json ? process.stderr : process.stdout).write(`${m}\n`);
  const r = await exportTorchJob({
    runDir,
    configFile: o.config,
    folder: o.folder,
    out: o.out,
    data: data,
    steps: o.steps === undefined ? undefined : parseNumber('steps', o.steps),
    assetsDir: join(packageRoot(), 'assets'),
    onNotice: say,
  });
  printResult(json, r, () =>
    [
      `Wrote the PyTorch job ${r.dir}: ${r.family.toUpperCase()} from step ${r.startStep} to ${r.steps}, batch ${r.batch}, ${r.data.trained} of ${r.data.images} images (${r.data.mode}).`,
      `One GPU:        ${r.commands.single}`,
      `Several GPUs:   ${r.commands.gpus}`,
      `Several nodes:  ${r.commands.nodes[1] ?? ''}`,
      `This machine:   ${r.commands.spawn}`,
      `Back:           ${r.commands.importModel}`,
      `See ${join(r.dir, 'README.md')}.`,
    ].join('\n'),
  );
}
