import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StudioError, type Handlers } from '../../contract/channels';
import type { TrainRun } from '../../contract/training-schemas';
import { prepareWriteFolder } from '../io/write-target';
import { exportTorchJob } from '../torch-job/export-job';
import type { StudioContext } from './studio-context';

type TorchJobChannel = 'train.exportJob';

/** A folder name under <data>/jobs/ that is free (missing or empty): `<base>`, `<base>-2`, ... */
async function freeJobFolder(root: string, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const dir = join(root, n === 1 ? base : `${base}-${n}`);
    const entries = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    if (entries.length === 0) return dir;
  }
}

/**
 * The Train screen's "Export as PyTorch job": the same export as `latent-studio export-job`
 * (engine/torch-job/), from a run the engine knows by id. The job folder's README.md holds the
 * launch commands; the response repeats them for the UI.
 */
export function torchJobHandlers(
  ctx: StudioContext,
  assetsDir: string,
  runs: () => TrainRun[],
): Pick<Handlers, TorchJobChannel> {
  return {
    async 'train.exportJob'({ runId, out, into, steps }) {
      const run = runs().find((r) => r.runId === runId);
      if (!run) throw new StudioError('NOT_FOUND', `There is no training run ${runId}.`);
      // The write rules of every request: the data folder, or a folder the user chose that exists.
      if (out) await prepareWriteFolder(dirname(out), ctx.writes);
      const root = into ? await prepareWriteFolder(into, ctx.writes) : join(ctx.dataDir, 'jobs');
      const dir = out ?? (await freeJobFolder(root, `${basename(run.out)}-pytorch`));
      const r = await exportTorchJob({
        runDir: run.out,
        folder: run.folder,
        out: dir,
        steps,
        assetsDir,
        onNotice: (m) => console.warn(m),
      });
      return {
        dir: r.dir,
        readme: join(r.dir, 'README.md'),
        family: r.family,
        startStep: r.startStep,
        steps: r.steps,
        commands: r.commands,
        files: (await readdir(r.dir, { withFileTypes: true }))
          .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
          .sort(),
      };
    },
  };
}
