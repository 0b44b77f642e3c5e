import type { Frame, ModelInfo, Res } from '../../../main/contract/channels';
import type { LatentSpec } from '../../../main/contract/latent-spec';
import type { Point, Weighted } from '../geometry';
import type { ConnectionState } from '../transport';
import { initialTraining, type Screen, type TrainingState } from './training';

/** One image the user can select, favourite, place or export: a latent and its rendered frame. */
export interface Item {
  key: string;
  modelId: string;
  latent: LatentSpec;
  frame: Frame;
  label: string;
  /** File-name friendly name, e.g. "seed-123". */
  name: string;
  seed: number | null;
  truncation: number | null;
}

export interface Anchor {
  id: string;
  item: Item;
  x: number;
  y: number;
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

export interface StripState {
  frames: Frame[];
  index: number;
  /** Waypoints the frames were rendered from, so exports match what is on screen. */
  waypoints: LatentSpec[];
}

export interface StudioState {
  connection: ConnectionState;
  /** Whether the engine was ever reached, to tell "cannot connect" from "connection lost". */
  everConnected: boolean;
  info: Res<'app.info'> | null;
  models: ModelInfo[];
  modelId: string | null;
  seed: number;
  count: number;
  truncation: number;
  grid: Item[];
  /** Every item the UI knows by key (grid, favourites, opened PNGs). */
  items: Record<string, Item>;
  /** Selected item keys in the order they were selected. */
  selection: string[];
  favourites: Favourite[];
  favouriteItems: Item[];
  anchors: Anchor[];
  stageSize: { width: number; height: number };
  /** The live probe: where the pointer is, the anchors' weights there, and the blended frame. */
  probe: { frame: Frame | null; weights: (Weighted & { anchorId: string })[]; point: Point | null };
  strip: StripState | null;
  stripFrames: number;
  stripMethod: 'lerp' | 'slerp';
  stripLoop: boolean;
  exportStatus: string;
  toasts: Toast[];
  errors: Toast[];
  progress: Progress[];
  paletteOpen: boolean;
  leftTab: 'samples' | 'favourites';
  /** The top-level screen (Explore | Train; Evaluate later). */
  screen: Screen;
  training: TrainingState;
}

export const initialState: StudioState = {
  connection: 'connecting',
  everConnected: false,
  info: null,
  models: [],
  modelId: null,
  seed: 1,
  count: 16,
  truncation: 0.7,
  grid: [],
  items: {},
  selection: [],
  favourites: [],
  favouriteItems: [],
  anchors: [],
  stageSize: { width: 800, height: 500 },
  probe: { frame: null, weights: [], point: null },
  strip: null,
  stripFrames: 16,
  stripMethod: 'slerp',
  stripLoop: false,
  exportStatus: '',
  toasts: [],
  errors: [],
  progress: [],
  paletteOpen: false,
  leftTab: 'samples',
  screen: 'explore',
  training: initialTraining,
};

export function latentKey(modelId: string, latent: LatentSpec): string {
  return `${modelId}|${JSON.stringify(latent)}`;
}

export function currentModel(state: StudioState): ModelInfo | null {
  return state.models.find((m) => m.id === state.modelId) ?? null;
}

export function selectedItems(state: StudioState): Item[] {
  return state.selection.map((k) => state.items[k]).filter((i): i is Item => i !== undefined);
}

export function isFavourite(favourites: readonly Favourite[], item: Item): boolean {
  const key = JSON.stringify(item.latent);
  return favourites.some((f) => f.modelId === item.modelId && JSON.stringify(f.latent) === key);
}
