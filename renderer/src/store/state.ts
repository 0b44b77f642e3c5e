import type { Frame, ModelInfo, Res } from '../../../main/contract/channels';
import type { LatentSpec } from '../../../main/contract/latent-spec';
import type { Point, Weighted } from '../geometry';
import type { ConnectionState } from '../transport';
import { initialDoc, type DocImage, type ProjectDoc } from './doc';
import { initialEvaluate, type EvaluateState } from './evaluate';
import { initialProject, type ProjectSession } from './project';
import { initialPixelCnn, initialText, type PixelCnnLive, type TextState } from './text';
import { initialTraining, type Screen, type TrainingState } from './training';

/** An image of the document joined with its rendered frame: what tiles, anchors and chips draw. */
export interface Item extends DocImage {
  frame: Frame;
}

export interface Favourite {
  modelId: string;
  latent: LatentSpec;
  label: string;
}

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
}

export interface Progress {
  token: number;
  jobId: string | null;
  label: string;
  done: number;
  total: number;
  startedAt: number;
}

/** A rendered strip (session only: it is rendered again from the document's waypoints). */
export interface StripView {
  frames: Frame[];
  index: number;
  /** The waypoints the frames were rendered from, so exports match what is on screen. */
  waypoints: LatentSpec[];
}

/** A direction found by PCA this session (not in the project until named and saved). */
export interface FoundDirection {
  component: number;
  vector: string;
  explained: number;
  sigma: number;
  seed: number;
  samples: number;
  features: string;
}

/** An image file given for encoding or projection, and its progress. */
export interface ImageTarget {
  name: string;
  /** The file's bytes (sent again to project after an encode, or to retry). */
  bytes: Uint8Array<ArrayBuffer>;
  /** A preview of the file as the page decoded it (for "beside the target"). */
  preview: Frame | null;
  mode: 'encode' | 'project';
  status: 'idle' | 'running' | 'done' | 'failed';
  step: number;
  steps: number;
  distance: number | null;
  /** The image made from it (a key of the document). */
  result: string | null;
  jobId: string | null;
}

/** The live denoising view: the x0 guess of the latest step of the running (or last) job. */
export interface LiveDenoise {
  jobId: string | null;
  step: number;
  total: number;
  timestep: number | null;
  frame: Frame | null;
}

/** Diffusion models: live denoising (the sampler settings are the document's `diffusionSampling`). */
export interface DiffusionState {
  live: LiveDenoise;
}

export type LeftTab = 'samples' | 'kept' | 'favourites';
export type ToolTab = 'strip' | 'path' | 'export' | 'directions' | 'breed' | 'image';

/**
 * The whole renderer state, in one zustand store: `doc` is the project document (undoable,
 * saved); everything else is the session (what the engine said, what is on screen, feedback).
 */
export interface StudioState {
  doc: ProjectDoc;
  project: ProjectSession;
  connection: ConnectionState;
  /** Whether the engine was ever reached, to tell "cannot connect" from "connection lost". */
  everConnected: boolean;
  info: Res<'app.info'> | null;
  models: ModelInfo[];
  /** Rendered frames by image key (a cache: anything missing is rendered again). */
  frames: Record<string, Frame>;
  favourites: Favourite[];
  favouriteItems: Item[];
  stageSize: { width: number; height: number };
  /** The live probe: where the pointer is, the anchors' weights there, and the blended frame. */
  probe: {
    frame: Frame | null;
    latent: LatentSpec | null;
    weights: (Weighted & { anchorId: string })[];
    point: Point | null;
  };
  strip: StripView | null;
  /** The keyframe path rendered for playback, and what it was rendered from. */
  pathPreview: { frames: Frame[]; times: number[]; index: number; signature: string } | null;
  /** PCA directions found for a model this session. */
  foundDirections: { modelId: string; list: FoundDirection[] } | null;
  /** Slider positions, by direction id, for the current image. */
  directionAmounts: Record<string, number>;
  directionPreview: { frame: Frame; latent: LatentSpec } | null;
  /** Image → latent: the target picture and what became of it. */
  imageTarget: ImageTarget | null;
  /** Generations of the projection search (the Search steps field; 'project-image' uses it). */
  projectionSteps: number;
  /** The video export dialog is open. */
  videoDialog: boolean;
  exportStatus: string;
  toasts: Toast[];
  errors: Toast[];
  progress: Progress[];
  paletteOpen: boolean;
  shortcutsOpen: boolean;
  /** The image shown large over the workspace (a key), or null. */
  largeView: string | null;
  leftTab: LeftTab;
  toolTab: ToolTab;
  /** The top-level screen. */
  screen: Screen;
  training: TrainingState;
  evaluate: EvaluateState;
  diffusion: DiffusionState;
  text: TextState;
  pixelcnn: PixelCnnLive;
}

export const emptyProbe: StudioState['probe'] = {
  frame: null,
  latent: null,
  weights: [],
  point: null,
};

export const initialState: StudioState = {
  doc: initialDoc,
  project: initialProject,
  connection: 'connecting',
  everConnected: false,
  info: null,
  models: [],
  frames: {},
  favourites: [],
  favouriteItems: [],
  stageSize: { width: 800, height: 500 },
  probe: emptyProbe,
  strip: null,
  pathPreview: null,
  foundDirections: null,
  directionAmounts: {},
  directionPreview: null,
  imageTarget: null,
  projectionSteps: 60,
  videoDialog: false,
  exportStatus: '',
  toasts: [],
  errors: [],
  progress: [],
  paletteOpen: false,
  shortcutsOpen: false,
  largeView: null,
  leftTab: 'samples',
  toolTab: 'strip',
  screen: 'explore',
  training: initialTraining,
  evaluate: initialEvaluate,
  diffusion: {
    live: { jobId: null, step: 0, total: 0, timestep: null, frame: null },
  },
  text: initialText,
  pixelcnn: initialPixelCnn,
};
