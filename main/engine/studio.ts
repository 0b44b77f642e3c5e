import { mkdir } from 'node:fs/promises';
import { StudioError, type EventName, type Handlers } from '../contract/channels';
import { APP_VERSION } from './app-version';
import { EventHub } from './events';
import { diffusionHandlers } from './handlers/diffusion-handlers';
import { downloadHandlers } from './handlers/download-handlers';
import { evalHandlers } from './handlers/eval-handlers';
import { exportHandlers } from './handlers/export-handlers';
import { latentHandlers } from './handlers/latent-handlers';
import { latentSearchHandlers } from './handlers/latent-search-handlers';
import { mediaHandlers } from './handlers/media-handlers';
import { projectHandlers } from './handlers/project-handlers';
import { renderHandlers } from './handlers/render-handlers';
import { toolHandlers } from './handlers/tool-handlers';
import { pixelCnnHandlers } from './handlers/pixelcnn-handlers';
import { textHandlers } from './handlers/text-handlers';
import { torchJobHandlers } from './handlers/torch-job-handlers';
import { trainingHandlers, type TrainingShellOptions } from './handlers/training-handlers';
import { datasetHandlers } from './handlers/dataset-handlers';
import { importModel } from './handlers/import-model';
import type { StudioContext } from './handlers/studio-context';
import { ModelLibrary } from './library/model-library';
import { offload } from './offload/offload';
import { onnxRuntimeName } from './models/onnx-generator';
import {
  inferenceProvider,
  setProviderChoice,
  type ProviderChoice,
} from './models/inference-provider';
import { tfjsNativeWords, tfjsRuntimeName } from './models/tfjs-backend';
import { InferenceScheduler } from './render/inference-scheduler';
import { JobRegistry } from './render/jobs';
import { FavouritesStore } from './settings/favourites-store';

export interface StudioOptions {
  dataDir: string;
  assetsDir: string;
  shell: 'electron' | 'browser' | 'cli';
  /** How this shell starts training processes (default: fork the bundled or source entry). */
  training?: TrainingShellOptions;
  /**
   * Where inference runs (onnxruntime's CUDA provider or the CPU) for this process; without it,
   * LATENT_STUDIO_PROVIDER, else auto (CUDA where it loads).
   */
  provider?: ProviderChoice;
}

export interface Studio {
  handlers: Handlers;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  dispose(): Promise<void>;
}

/** Builds the one engine that every shell (Electron, browser server, CLI) drives. */
export async function createStudio(options: StudioOptions): Promise<Studio> {
  await mkdir(options.dataDir, { recursive: true });
  if (options.provider) setProviderChoice(options.provider);
  const events = new EventHub();
  const ctx: StudioContext = {
    dataDir: options.dataDir,
    shell: options.shell,
    library: new ModelLibrary(options),
    scheduler: new InferenceScheduler(),
    jobs: new JobRegistry(events),
    events,
    favourites: new FavouritesStore(options.dataDir),
    // The CLI writes where its command line says; the app's shells only into the data folder or
    // into folders the user chose that exist.
    writes: { dataDir: options.dataDir, createFoldersAnywhere: options.shell === 'cli' },
  };

  const text = textHandlers(ctx, options.assetsDir);
  const training = trainingHandlers(ctx, options.training, text.library);
  const handlers: Handlers = {
    async 'app.info'() {
      const provider = await inferenceProvider();
      return {
        appVersion: APP_VERSION,
        shell: ctx.shell,
        dataDir: ctx.dataDir,
        defaultModelId: await ctx.library.defaultId(),
        runtimes: { onnx: onnxRuntimeName(provider.name), tfjs: await tfjsRuntimeName() },
        provider,
        tfjsNative: await tfjsNativeWords(),
      };
    },
    async 'models.list'() {
      return { models: await ctx.library.list() };
    },
    async 'models.import'({ path, name }) {
      return { model: await importModel(ctx, path, name) };
    },
    ...renderHandlers(ctx),
    ...exportHandlers(ctx),
    ...training.handlers,
    ...datasetHandlers(training.scanned),
    ...torchJobHandlers(ctx, options.assetsDir, training.runs),
    ...evalHandlers(ctx),
    ...toolHandlers(ctx),
    ...projectHandlers(ctx),
    ...latentHandlers(ctx),
    ...mediaHandlers(ctx),
    ...downloadHandlers(ctx),
    ...latentSearchHandlers(ctx),
    ...diffusionHandlers(ctx),
    ...text.handlers,
    ...pixelCnnHandlers(ctx),
    // The Electron shell answers this itself (main/electron/folder-dialog.ts): only it has a
    // native dialog on the user's screen.
    async 'dialog.openFolder'() {
      throw new StudioError(
        'BAD_REQUEST',
        'Choosing a folder with a dialog works only in the desktop app: type the folder path instead.',
      );
    },
    async 'png.read'({ bytes, name }) {
      // Parsed on the offload thread: a hostile file cannot stall the loop serving every client.
      return { metadata: await offload('pngMetadata', bytes, name) };
    },
    async 'favourites.list'() {
      return { favourites: await ctx.favourites.list() };
    },
    async 'favourites.save'({ favourites }) {
      await ctx.favourites.save(favourites);
      return { ok: true as const };
    },
    async 'job.cancel'({ jobId }) {
      return { cancelled: ctx.jobs.cancel(jobId) };
    },
  };

  return {
    handlers,
    onEvent: (listener) => events.on(listener),
    dispose: async () => {
      await training.dispose();
      await text.dispose();
      await ctx.library.dispose();
    },
  };
}
