import { z } from 'zod';
import { latentSpecSchema, seedSchema, truncationSchema } from './latent-spec';
import { bytes, filePath, frameSchema, modelInfoSchema, pngMetadataSchema } from './schemas';
import { menuCommandSchema } from './command-ids';
import { diffusionChannels, diffusionEvents } from './diffusion-channels';
import { resolvedSamplingSchema, samplingSchema } from './diffusion-schemas';
import { evalChannels } from './eval-channels';
import { inferenceProviderSchema } from './inference-provider-schema';
import { toolChannels } from './tool-channels';
import { latentToolsChannels, latentToolsEvents } from './latent-tools-channels';
import { projectChannels } from './project-channels';
import { pixelCnnChannels, pixelCnnEvents } from './pixelcnn-channels';
import { textChannels, textEvents } from './text-channels';
import { torchJobChannels } from './torch-job-channels';
import { downloadChannels } from './download-channels';
import { trainingChannels, trainingEvents } from './training-channels';
import { trainingPreviewChannels } from './training-preview-channels';
import { datasetChannels } from './dataset-channels';

export * from './schemas';
export type { Sampling, SamplingRequest } from './diffusion-schemas';

/**
 * The one contract between the engine and every shell. Each channel names its request and response
 * schema; events are pushed from the engine. Main (Electron) and the loopback server both parse every
 * request with these schemas before the engine sees it (see dispatch.ts).
 *
 * Pixels cross as Uint8Array (raw RGBA, row-major, width*height*4), never as JSON number arrays:
 * the WebSocket codec (wire-codec.ts) moves them as binary attachments, Electron IPC as structured
 * clone of the buffer.
 */

const modelId = z.string().min(1).max(4096);
/** Images one export may hold (the CLI's `sample --count` says so in words). */
export const MAX_EXPORT_COUNT = 10_000;
/** Frames of one strip, both ends included. */
export const MAX_STRIP_FRAMES = 512;
const jobId = z.string().min(1).max(128).optional();
/** Diffusion models only (ignored by generators): sampler, steps, eta; defaults from the model. */
const sampling = samplingSchema.optional();
/** A walk through two or more waypoints; `frames` counts every frame including both ends. */
const stripFields = {
  modelId,
  waypoints: z.array(latentSpecSchema).min(2).max(64),
  frames: z.number().int().min(2).max(MAX_STRIP_FRAMES),
  method: z.enum(['lerp', 'slerp']),
  loop: z.boolean().optional(),
  sampling,
};

export const channels = {
  'app.info': {
    request: z.object({}),
    response: z.object({
      appVersion: z.string(),
      shell: z.enum(['electron', 'browser', 'cli']),
      dataDir: z.string(),
      defaultModelId: z.string().nullable(),
      runtimes: z.object({ onnx: z.string(), tfjs: z.string() }),
      /** Where inference runs (issue 14: CUDA on a GPU workstation), and why not on the GPU. */
      provider: inferenceProviderSchema,
      /** What runs tfjs natively (tfjs-node-gpu, tfjs-node), or why neither loaded, in words. */
      tfjsNative: z.string(),
    }),
  },
  'models.list': {
    request: z.object({}),
    response: z.object({ models: z.array(modelInfoSchema) }),
  },
  'models.import': {
    request: z.object({ path: filePath, name: z.string().min(1).max(200).optional() }),
    response: z.object({ model: modelInfoSchema }),
  },
  /** Render one frame. Requests with the same `stream` supersede older queued ones (live drags). */
  'render.frame': {
    request: z.object({
      modelId,
      latent: latentSpecSchema,
      stream: z.string().max(64).optional(),
      sampling,
    }),
    response: z.object({ frame: frameSchema }),
  },
  'render.grid': {
    request: z.object({
      modelId,
      seed: seedSchema,
      count: z.number().int().min(1).max(256),
      truncation: truncationSchema.optional(),
      sampling,
      jobId,
    }),
    response: z.object({ frames: z.array(frameSchema) }),
  },
  /** A strip through two or more waypoints; `frames` counts every frame including both ends. */
  'render.strip': {
    request: z.object({ ...stripFields, jobId }),
    response: z.object({ frames: z.array(frameSchema) }),
  },
  'export.images': {
    request: z.object({
      modelId,
      items: z
        .array(z.object({ latent: latentSpecSchema, name: z.string().max(200).optional() }))
        .min(1)
        .max(MAX_EXPORT_COUNT),
      dir: filePath.optional(),
      sampling,
      jobId,
    }),
    /** `sampling`: what a diffusion model sampled with (the request over its defaults). */
    response: z.object({
      files: z.array(z.string()),
      dir: z.string(),
      sampling: resolvedSamplingSchema.optional(),
    }),
  },
  /** The frames of a strip as PNGs (frame-0001.png …), each carrying its own exact latent. */
  'export.frames': {
    request: z.object({
      ...stripFields,
      dir: filePath.optional(),
      jobId,
    }),
    response: z.object({ files: z.array(z.string()), dir: z.string() }),
  },
  'export.animation': {
    request: z.object({
      ...stripFields,
      format: z.enum(['gif', 'apng']),
      fps: z.number().min(1).max(60).optional(),
      file: filePath.optional(),
      /** Replace `file` if it exists (otherwise an existing file is refused, never replaced). */
      overwrite: z.boolean().optional(),
      jobId,
    }),
    response: z.object({ file: z.string() }),
  },
  /** Read the Latent Studio metadata of a PNG (dropped or opened); null when it has none. */
  'png.read': {
    request: z.object({ bytes, name: z.string().max(1024).optional() }),
    response: z.object({ metadata: pngMetadataSchema.nullable() }),
  },
  'favourites.list': {
    request: z.object({}),
    response: z.object({
      favourites: z.array(
        z.object({ modelId: z.string(), latent: latentSpecSchema, label: z.string() }),
      ),
    }),
  },
  'favourites.save': {
    request: z.object({
      favourites: z
        .array(
          z.object({ modelId: z.string(), latent: latentSpecSchema, label: z.string().max(200) }),
        )
        .max(10000),
    }),
    response: z.object({ ok: z.literal(true) }),
  },
  ...trainingChannels,
  ...trainingPreviewChannels,
  ...datasetChannels,
  ...evalChannels,
  ...toolChannels,
  ...projectChannels,
  ...latentToolsChannels,
  ...diffusionChannels,
  ...textChannels,
  ...pixelCnnChannels,
  ...torchJobChannels,
  ...downloadChannels,
  /** Desktop only: the native folder picker (other shells answer in words that it is not there). */
  'dialog.openFolder': {
    request: z.object({}),
    response: z.object({ path: z.string().nullable() }),
  },
  'job.cancel': {
    request: z.object({ jobId: z.string().min(1).max(128) }),
    response: z.object({ cancelled: z.boolean() }),
  },
} as const;

export const events = {
  ...trainingEvents,
  ...latentToolsEvents,
  ...diffusionEvents,
  ...textEvents,
  ...pixelCnnEvents,
  /** A desktop menu item was chosen (Electron only); the renderer runs the command by its id. */
  'menu.command': menuCommandSchema,
  'job.progress': z.object({
    jobId: z.string(),
    done: z.number().int(),
    total: z.number().int(),
    label: z.string(),
  }),
} as const;

export type ChannelName = keyof typeof channels;
export type EventName = keyof typeof events;
export type Req<C extends ChannelName> = z.input<(typeof channels)[C]['request']>;
export type Res<C extends ChannelName> = z.output<(typeof channels)[C]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

/** The typed errors every shell shows in words. `code` lets the UI decide how to react. */
export const studioErrorCodes = [
  'BAD_REQUEST',
  'UNKNOWN_CHANNEL',
  'NOT_FOUND',
  'MODEL_REJECTED',
  'BAD_FILE',
  'SUPERSEDED',
  'CANCELLED',
  /** The connection has too much unread or unfinished work; nothing was lost, ask again later. */
  'BUSY',
  'INTERNAL',
] as const;
export type StudioErrorCode = (typeof studioErrorCodes)[number];

/** Whether a value off the wire is one of the contract's error codes. */
export function isStudioErrorCode(code: unknown): code is StudioErrorCode {
  return (studioErrorCodes as readonly unknown[]).includes(code);
}

export class StudioError extends Error {
  constructor(
    readonly code: StudioErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StudioError';
  }
}

/** What a shell-neutral client looks like: the renderer talks only to this. */
export interface StudioApi {
  invoke<C extends ChannelName>(channel: C, request: Req<C>): Promise<Res<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** What the engine implements: one handler per channel, with parsed requests. */
export type Handlers = {
  [C in ChannelName]: (request: z.output<(typeof channels)[C]['request']>) => Promise<Res<C>>;
};
