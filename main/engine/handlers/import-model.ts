import { access, mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ModelInfo } from '../../contract/channels';
import { exportTrainedModel } from '../onnx-export/export-trained-model';
import { folderStamp } from './render-job';
import type { StudioContext } from './studio-context';
import { saveModelRecord } from './training-history';

/**
 * models.import: a model file (ONNX, tfjs model.json) is copied into the library as it is; a
 * trained-model folder (nets.json + tensors, as the app's trainer and the PyTorch job write it) is
 * first exported to ONNX (verified against the network run eagerly), then imported, and its
 * training record (loss log, settings, metrics) is kept beside it, so the studio shows it.
 */
const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

async function folderName(dir: string): Promise<string> {
  try {
    const c = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as {
      config?: { family?: string; size?: number };
      steps?: number;
      backend?: string;
    };
    const runtime = c.backend?.split(' ')[0];
    return `${(c.config?.family ?? 'model').toUpperCase()} ${c.config?.size ?? ''}px, step ${c.steps ?? '?'}${runtime ? ` (${runtime})` : ''}`;
  } catch {
    return `${basename(dirname(dir))} ${basename(dir)}`;
  }
}

export async function importModel(
  ctx: StudioContext,
  path: string,
  name: string | undefined,
): Promise<ModelInfo> {
  const dir = resolve(path);
  if (!(await exists(join(dir, 'nets.json')))) return ctx.library.import(path, name);
  const outDir = join(ctx.dataDir, 'trained');
  await mkdir(outDir, { recursive: true });
  const { file } = await exportTrainedModel(dir, join(outDir, `${folderStamp()}-imported.onnx`));
  const model = await ctx.library.import(file, name ?? (await folderName(dir)));
  // The run folder (the model folder's parent) holds the metrics log when the run had detectors.
  await saveModelRecord(model.path, dir, dirname(dir)).catch((err: unknown) =>
    console.warn(
      `The training record of ${model.name} was not saved: ${err instanceof Error ? err.message : String(err)}`,
    ),
  );
  return model;
}
