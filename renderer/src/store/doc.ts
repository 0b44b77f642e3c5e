import type { LatentSpec } from '../../../main/contract/latent-spec';
import { stringId } from '../geometry/hash';

/**
 * The project document: everything the user makes in Explore, as data without pixels. It is what
 * undo/redo steps through and what a project file saves; frames are rendered from it (and cached
 * beside it, see `frames` in StudioState), so an undo, a reload or reopening a project shows the
 * same images again.
 */

/**
 * Where an image came from, by image keys: its lineage, drawn as a small family tree. The same
 * shape as the project file's `lineage` (main/contract/project-schemas.ts).
 */
export type Lineage =
  | { op: 'seed'; seed: number; truncation?: number | undefined }
  | { op: 'png'; source: SourceFile }
  | { op: 'blend'; parents: { imageId: string; weight: number }[] }
  | { op: 'mix'; parents: [string, string]; t: number; method: Interpolation }
  | { op: 'arithmetic'; a: string; b: string; c: string }
  | {
      op: 'breed';
      parents: string[];
      operation: 'crossover' | 'blend' | 'mutate';
      seed: number;
      strength: number;
    }
  | { op: 'direction'; parent: string; moves: { directionId: string; amount: number }[] }
  | { op: 'encode'; source: SourceFile }
  | { op: 'project'; source: SourceFile; distance: number; steps: number; optimizer: string }
  | { op: 'path'; pathId: string; time: number }
  | { op: 'other'; note: string };

export interface SourceFile {
  file: string;
  sha256?: string | undefined;
}

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

export type Easing = 'linear' | 'ease-in' | 'ease-out' | 'ease-in-out' | 'cubic';
export type Interpolation = 'lerp' | 'slerp';

/** One segment of a keyframe path: from keyframe i to i + 1 (the last wraps round on a loop). */
export interface PathSegment {
  duration: number;
  easing: Easing;
  interpolation: Interpolation;
}

export interface KeyframePath {
  /** Image keys, in order; the same image may appear more than once. */
  keys: string[];
  segments: PathSegment[];
  loop: boolean;
  fps: number;
}

/** A latent direction the user named and kept (PCA component or attribute vector). */
export interface SavedDirection {
  id: string;
  name: string;
  /** base64 float32, the model's latent size: the step for slider amount 1. */
  vector: string;
  source:
    | {
        method: 'pca';
        component: number;
        explained: number;
        seed: number;
        samples: number;
        features: string;
      }
    | { method: 'attribute'; setA: string[]; setB: string[] }
    | { method: 'manual'; note?: string | undefined };
}

export interface GridSpec {
  seed: number;
  count: number;
  truncation: number;
}

export interface ProjectDoc {
  modelId: string | null;
  /** The Samples fields (what Sample will draw next). */
  sampling: GridSpec;
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
  breeding: { parents: string[]; children: string[]; mutation: number; count: number };
  exportSettings: ExportSettings;
}

export interface ExportSettings {
  /** A folder chosen by the user (desktop) or empty for the data folder's exports/. */
  folder: string;
  /** File names: {model} {seed} {index} {name} are filled in. */
  template: string;
  /** Output scale for PNG batches and video: 1 = the model's size. */
  scale: number;
  resample: 'nearest' | 'lanczos';
}

export const DEFAULT_TEMPLATE = '{model}_{seed}_{index}';

export const initialDoc: ProjectDoc = {
  modelId: null,
  sampling: { seed: 1, count: 16, truncation: 0.7 },
  grid: null,
  gridKeys: [],
  images: {},
  kept: [],
  selection: [],
  anchors: [],
  strip: { frames: 16, method: 'slerp', loop: false, waypoints: [] },
  path: { keys: [], segments: [], loop: false, fps: 12 },
  directions: [],
  breeding: { parents: [], children: [], mutation: 0.3, count: 8 },
  exportSettings: { folder: '', template: DEFAULT_TEMPLATE, scale: 1, resample: 'nearest' },
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
