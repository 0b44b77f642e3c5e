import type { SamplingRequest } from '../../../main/contract/diffusion-schemas';
import type { Easing, Interpolation, PathSegment } from '../../../main/contract/keyframe-path';
import { DEFAULT_TRUNCATION, type LatentSpec } from '../../../main/contract/latent-spec';
import type { Direction, Lineage, VideoSettings } from '../../../main/contract/project-schemas';
import { stringId } from '../geometry/hash';

/**
 * The project document: everything the user makes in Explore, as data without pixels. It is what
 * undo/redo steps through and what a project file saves; frames are rendered from it (and cached
 * beside it, see `frames` in StudioState), so an undo, a reload or reopening a project shows the
 * same images again.
 */

/**
 * Where an image came from, by image keys: its lineage, drawn as a small family tree. The project
 * file's own type (main/contract/project-schemas.ts), so saving is a copy.
 */
export type { Lineage };

export interface DocImage {
  /** A short id from the model and the latent: the same latent of the same model is one image. */
  key: string;
  modelId: string;
  latent: LatentSpec;
  label: string;
  /** File-name friendly name, e.g. "seed-123". */
  name: string;
  seed: number | null;
  truncation: number | null;
  lineage: Lineage;
}

export interface DocAnchor {
  id: string;
  key: string;
  x: number;
  y: number;
}

export type { Easing, Interpolation, PathSegment };

/** The keyframe path of the project (its keyframes are image keys; the same image may repeat). */
export interface KeyframePath {
  keys: string[];
  segments: PathSegment[];
  loop: boolean;
  fps: number;
  /** The video dialog's last choices. */
  video: VideoSettings;
}

/** A latent direction the user named and kept (PCA component or attribute vector). */
export type SavedDirection = Direction;

export interface GridSpec {
  seed: number;
  count: number;
  truncation: number;
}

export interface ProjectDoc {
  modelId: string | null;
  /** The Samples fields (what Sample will draw next). */
  sampling: GridSpec;
  /**
   * Diffusion models: the sampler, steps and eta every render uses (missing fields take the
   * model's defaults). A setting like the Samples fields, so undo and the project keep it.
   */
  diffusionSampling: SamplingRequest;
  /** The grid on screen: what was last sampled, its images in `images`. */
  grid: GridSpec | null;
  gridKeys: string[];
  /** Every image the document refers to, by key. */
  images: Record<string, DocImage>;
  /** Images kept in the project beyond the grid (blends, children, encodes, opened PNGs). */
  kept: string[];
  /** Selected image keys in the order they were selected. */
  selection: string[];
  anchors: DocAnchor[];
  strip: { frames: number; method: Interpolation; loop: boolean; waypoints: string[] };
  path: KeyframePath;
  directions: SavedDirection[];
  breeding: {
    parents: string[];
    children: string[];
    operation: 'crossover' | 'blend' | 'mutate';
    strength: number;
    count: number;
    /** The seed of the next brood (child i uses seed + i). */
    seed: number;
  };
  exportSettings: ExportSettings;
}

export interface ExportSettings {
  /** A folder chosen by the user (desktop) or empty for the data folder's exports/. */
  folder: string;
  /** File names: {model} {seed} {index} {name} are filled in. */
  template: string;
  /** Output scale for PNG batches and video: 1 = the model's size. */
  scale: number;
  filter: 'nearest' | 'lanczos';
}

export const DEFAULT_TEMPLATE = '{model}_{seed}_{index}';

export const initialDoc: ProjectDoc = {
  modelId: null,
  sampling: { seed: 1, count: 16, truncation: DEFAULT_TRUNCATION },
  diffusionSampling: {},
  grid: null,
  gridKeys: [],
  images: {},
  kept: [],
  selection: [],
  anchors: [],
  strip: { frames: 16, method: 'slerp', loop: false, waypoints: [] },
  path: {
    keys: [],
    segments: [],
    loop: false,
    fps: 12,
    video: { format: 'mp4', scale: 1, filter: 'nearest' },
  },
  directions: [],
  breeding: { parents: [], children: [], operation: 'crossover', strength: 0.3, count: 8, seed: 1 },
  exportSettings: { folder: '', template: DEFAULT_TEMPLATE, scale: 1, filter: 'nearest' },
};

export function latentKey(modelId: string, latent: LatentSpec): string {
  return `i${stringId(`${modelId}|${JSON.stringify(latent)}`)}`;
}

export function seedImage(modelId: string, seed: number, truncation: number): DocImage {
  const latent: LatentSpec = { kind: 'seed', seed, truncation };
  return {
    key: latentKey(modelId, latent),
    modelId,
    latent,
    label: `Seed ${seed}`,
    name: `seed-${seed}`,
    seed,
    truncation,
    lineage: { op: 'seed', seed, truncation },
  };
}

/** Keys the document still refers to; images outside it are dropped (rerolls do not pile up). */
export function referencedKeys(doc: ProjectDoc): Set<string> {
  const keys = new Set<string>([
    ...doc.gridKeys,
    ...doc.kept,
    ...doc.selection,
    ...doc.anchors.map((a) => a.key),
    ...doc.strip.waypoints,
    ...doc.path.keys,
    ...doc.breeding.parents,
    ...doc.breeding.children,
  ]);
  // Lineage keeps ancestors of what is kept.
  const queue = [...keys];
  while (queue.length > 0) {
    const image = doc.images[queue.pop()!];
    if (!image) continue;
    for (const parent of parentsOf(image.lineage))
      if (!keys.has(parent)) {
        keys.add(parent);
        queue.push(parent);
      }
  }
  return keys;
}

export function parentsOf(lineage: Lineage): string[] {
  switch (lineage.op) {
    case 'blend':
      return lineage.parents.map((p) => p.imageId);
    case 'mix':
    case 'breed':
      return [...lineage.parents];
    case 'direction':
      return [lineage.parent];
    case 'arithmetic':
      return [lineage.a, lineage.b, lineage.c];
    default:
      return [];
  }
}

/** Keeps only referenced images. */
export function pruneImages(doc: ProjectDoc): ProjectDoc {
  const keep = referencedKeys(doc);
  const images: Record<string, DocImage> = {};
  let dropped = false;
  for (const [key, image] of Object.entries(doc.images)) {
    if (keep.has(key)) images[key] = image;
    else dropped = true;
  }
  return dropped ? { ...doc, images } : doc;
}
