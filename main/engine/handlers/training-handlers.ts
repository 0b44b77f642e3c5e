import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { StudioError, type Handlers, type ModelInfo } from '../../contract/channels';
import { type ScanReport, type TrainConfig, type TrainRun } from '../../contract/training-schemas';
import { autoregressiveTrainInput, familyDefaults } from '../training/family-defaults';
import { scanFolder } from '../dataset/scan-folder';
import { extractorCacheDir } from '../metrics/extractors/open-extractor';
import { exportTrainedModel } from '../onnx-export/export-trained-model';
import { defaultTrainConfig, defaultTrainingSize } from '../training/defaults';
import { defaultsBackend, trainingRuntimeChoice } from '../training/runtime/defaults-backend';
import { prepareTrainConfig } from '../training/prepare-train-config';
import { prepareWriteFolder } from '../io/write-target';
import { requireResumable } from '../training/resume-plan';
import { assertRunFolderFree } from '../training/run-folder-lock';
import { DEFAULT_EXTRACTOR } from '../training/detectors/detector-session';
import { defaultTrainingEntry } from '../training/process/entry-path';
import { TrainingProcessHost, type SpawnTrainingProcess } from '../training/process/host';
import { folderStamp } from './render-job';
import { lastPreviewOf, modelHistory, runHistory, saveModelRecord } from './training-history';
import type { TextModelLibrary } from '../autoregressive/text-library';
import type { StudioContext } from './studio-context';

type TrainingChannel =
  | 'dataset.scan'
  | 'train.defaults'
  | 'train.start'
  | 'train.control'
  | 'train.list'
  | 'train.openModel'
  | 'train.history'
  | 'train.lastPreview';

export interface TrainingShellOptions {
  /** The training process entry and how to spawn it (Electron: utilityProcess). */
  entry?: string;
  execArgv?: string[];
  spawn?: SpawnTrainingProcess;
}

/**
 * The training side of the engine: dataset scans, defaults, and runs, each in its own process
 * (TrainingProcessHost). A finished run's generator is exported to ONNX (verified against tfjs)
 * and imported into the library at once, so it opens in the explore canvas and samples through
 * onnxruntime, the faster runtime.
 */
export function trainingHandlers(
  ctx: StudioContext,
  shell: TrainingShellOptions = {},
  /** Where a finished text run's model goes (text models are not in the image library). */
  textLibrary?: Pick<TextModelLibrary, 'import'>,
): {
  handlers: Pick<Handlers, TrainingChannel>;
  runs: () => TrainRun[];
  /** The scan of a folder this engine has scanned (pending or done), else undefined. */
  scanned: (folder: string) => Promise<ScanReport> | undefined;
  dispose: () => Promise<void>;
} {
  const entry = shell.entry
    ? { entry: shell.entry, execArgv: shell.execArgv ?? [] }
    : defaultTrainingEntry();
  const scans = new Map<string, Promise<ScanReport>>();
  const scan = (folder: string, jobId?: string) => {
    const job = ctx.jobs.start(jobId);
    // The "will be enlarged" warning names the size the defaults will choose for this runtime.
    const report = defaultsBackend(trainingRuntimeChoice())
      .then((backend) =>
        scanFolder(folder, {
          trainingSize: (files) => defaultTrainingSize(files, backend).size,
          signal: job.signal,
          onProgress: (done, total) => job.progress(done, total, 'Checking images'),
        }),
      )
      .finally(() => job.finish());
    scans.set(resolve(folder), report);
    report.catch(() => scans.delete(resolve(folder)));
    return report;
  };

  /** A run's exported ONNX model file (the finished model, else its newest checkpoint). */
  async function exportRun(runId: string, checkpoint: boolean) {
    const { modelDir, checkpointDir } = host.folders(runId);
    const dir = checkpoint ? checkpointDir : (modelDir ?? checkpointDir);
    if (!dir)
      throw new StudioError('NOT_FOUND', `Run ${runId} has no finished model or checkpoint yet.`);
    const run = host.list().find((r) => r.runId === runId);
    const name =
      `${basename(run?.folder ?? 'model')} ${run?.config.family.toUpperCase() ?? ''} (${basename(dir)})`.trim();
    const outDir = join(ctx.dataDir, 'trained');
    await mkdir(outDir, { recursive: true });
    const { file } = await exportTrainedModel(dir, join(outDir, `${runId}-${basename(dir)}.onnx`));
    return { run, dir, name, file };
  }

  /** A finished run's model joins its library: text models the text library, the rest the image one. */
  async function joinLibrary(runId: string): Promise<string> {
    const run = host.list().find((r) => r.runId === runId);
    if (run?.config.family !== 'text') return (await openModel(runId, false)).id;
    if (!textLibrary) throw new Error('this shell has no text library');
    const exported = await exportRun(runId, false);
    const model = await textLibrary.import(exported.file, exported.name);
    host.setModelId(runId, model.id);
    return model.id;
  }

  async function openModel(runId: string, checkpoint: boolean): Promise<ModelInfo> {
    if (host.list().find((r) => r.runId === runId)?.config.family === 'text')
      throw new StudioError(
        'BAD_REQUEST',
        'A text run makes a text model: it opens on the Text screen, not in Explore.',
      );
    const { run, dir, name, file } = await exportRun(runId, checkpoint);
    const model = await ctx.library.import(file, name);
    host.setModelId(runId, model.id);
    // Its training record travels with it (<name>.training/ beside the library file), so the
    // loss and FID/KID charts outlive the run; a model without one still opens.
    if (run)
      await saveModelRecord(model.path, dir, run.out).catch((err: unknown) =>
        console.warn(
          `The training record of ${model.name} was not saved: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
    return model;
  }

  const host: TrainingProcessHost = new TrainingProcessHost({
    ...entry,
    spawn: shell.spawn,
    onProgress: (p) => ctx.events.emit('train.progress', p),
    onPreview: (p) => ctx.events.emit('train.preview', p),
    onMetrics: (m) => ctx.events.emit('train.metrics', m),
    onState: (s) => {
      if (s.state !== 'finished') return ctx.events.emit('train.state', s);
      // The finished model joins the library before the UI hears that the run is done (the
      // training process has already put the final FID/KID point into the model folder).
      joinLibrary(s.runId).then(
        (modelId) => ctx.events.emit('train.state', { ...s, modelId }),
        (err: unknown) =>
          ctx.events.emit('train.state', {
            ...s,
            message: `Trained, but the export failed: ${err instanceof Error ? err.message : String(err)}`,
          }),
      );
    },
  });

  /**
   * Text and PixelCNN folders get their family's defaults (a text folder is read, not scanned);
   * image families are scanned and prepareTrainConfig takes the defaults from the scan.
   */
  async function startDefaults(folder: string, family: TrainConfig['family'] | undefined) {
    if (family === 'text' || family === 'pixelcnn') return autoregressiveTrainInput(folder, family);
    const report = await (scans.get(resolve(folder)) ?? scan(folder));
    return { scan: { ...report, folder }, defaults: undefined };
  }

  const handlers: Pick<Handlers, TrainingChannel> = {
    'dataset.scan': ({ folder, jobId }) => scan(folder, jobId),

    async 'train.defaults'({ folder, family }) {
      if (family === 'text' || family === 'pixelcnn') {
        const { config, reasons } = await familyDefaults(folder, family);
        return { config, reasons };
      }
      const report = await (scans.get(resolve(folder)) ?? scan(folder));
      // Sized for the runtime that will train (onnxruntime unless tfjs is chosen), as the CLI.
      const backend = await defaultsBackend(trainingRuntimeChoice());
      return defaultTrainConfig({ scan: report, family, backend });
    },

    async 'train.start'({ folder, config, out, resume }) {
      // A run writes into the data folder, or into a folder the user chose that exists.
      if (out) await prepareWriteFolder(out, ctx.writes);
      const start = await startDefaults(folder, config?.family);
      // The defaults are chosen for the runtime that will train, and the run is told which.
      const runtime = trainingRuntimeChoice(config?.runtime);
      // Real runs get the live detectors with the bundled Inception unless told otherwise.
      const prepared = prepareTrainConfig({
        scan: start.scan,
        ...(start.defaults && { defaults: start.defaults }),
        settings: { ...config, runtime },
        backend: await defaultsBackend(runtime),
        defaultExtractor: DEFAULT_EXTRACTOR,
      });
      const outDir =
        out ??
        join(
          ctx.dataDir,
          'runs',
          `${folderStamp()}-${basename(resolve(folder))}-${prepared.config.family}`,
        );
      // Said at once, before a process starts: another run is writing there, or a resume has
      // no checkpoint to continue from (the run stops and asks; nothing is deleted).
      await assertRunFolderFree(outDir);
      if (resume) await requireResumable(outDir);
      return {
        run: host.start({
          folder: resolve(folder),
          config: prepared.config,
          outDir,
          resume: resume ?? false,
          extractorCacheDir: extractorCacheDir(ctx.dataDir),
        }),
      };
    },

    async 'train.control'({ runId, action }) {
      if (!host.list().some((r) => r.runId === runId))
        throw new StudioError('NOT_FOUND', `There is no training run ${runId}.`);
      return { run: host.control(runId, action) };
    },

    async 'train.list'() {
      return { runs: host.list() };
    },

    async 'train.openModel'({ runId, checkpoint }) {
      return { model: await openModel(runId, checkpoint ?? false) };
    },

    async 'train.history'(req) {
      return 'runId' in req
        ? runHistory(host.list(), req.runId)
        : modelHistory(ctx.library, host.list(), req.modelId);
    },

    async 'train.lastPreview'({ runId }) {
      return { preview: await lastPreviewOf(host.list(), runId) };
    },
  };
  return {
    handlers,
    runs: () => host.list(),
    scanned: (folder) => scans.get(resolve(folder)),
    dispose: () => host.dispose(),
  };
}
