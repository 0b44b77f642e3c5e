import { z } from 'zod';
import { pathSegmentSchema } from './keyframe-path';
import { latentSpecSchema, seedSchema, truncationSchema } from './latent-spec';

/**
 * A Latent Studio project, as the renderer holds it and as every project channel sends it. On
 * disk it is a folder `NAME.lsproj/` (project.json + a float32 latents file); the format, why a
 * folder, and how saves stay atomic are in main/engine/projects/README.md.
 *
 * Everything that shows an image refers to it by id in `images`: the grid selection, favourites,
 * canvas anchors, strip waypoints and path keyframes. An image's `latent` is the exact recipe the
 * engine resolves (a LatentSpec); its `lineage` says, by image ids, where it came from, for the
 * family tree. The two are kept separate on purpose: the latent alone reproduces the pixels, the
 * lineage alone draws the tree, and neither has to be decoded from the other.
 */

export const PROJECT_FORMAT = 'latent-studio-project';
export const PROJECT_VERSION = 1;
/** The folder suffix of a project on disk. */
export const PROJECT_EXTENSION = '.lsproj';

const id = z.string().min(1).max(128);
const ids = z.array(id).max(100_000);
const isoDate = z.string().max(64);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lowercase hex');
const name = z.string().max(200);

/** The model the project's latents belong to: found again by SHA-256, shown by name. */
export const projectModelSchema = z.object({
  name,
  sha256,
  latentDim: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Where the model was last found (a hint for opening on the same machine; may be stale). */
  path: z.string().max(4096).optional(),
});
export type ProjectModel = z.infer<typeof projectModelSchema>;

/** A file an image was made from (encode, projection, dropped PNG): its name and content hash. */
const sourceFileSchema = z.object({ file: z.string().max(4096), sha256: sha256.optional() });

/** Where an image came from, by image ids (for the family tree). `op` says which operation. */
export const lineageSchema = z.discriminatedUnion('op', [
  /** Sampled from a seed (grid tile). */
  z.object({ op: z.literal('seed'), seed: seedSchema, truncation: truncationSchema.optional() }),
  /** Restored from an exported PNG's metadata. */
  z.object({ op: z.literal('png'), source: sourceFileSchema }),
  /** A point on the canvas: a blend of anchors with these weights. */
  z.object({
    op: z.literal('blend'),
    parents: z.array(z.object({ imageId: id, weight: z.number().min(0) })).min(1),
  }),
  /** A frame of a strip between two images. */
  z.object({
    op: z.literal('mix'),
    parents: z.tuple([id, id]),
    t: z.number().min(0).max(1),
    method: z.enum(['lerp', 'slerp']),
  }),
  /** a − b + c. */
  z.object({ op: z.literal('arithmetic'), a: id, b: id, c: id }),
  /** A child of breeding. */
  z.object({
    op: z.literal('breed'),
    parents: z.array(id).min(1),
    operation: z.enum(['crossover', 'blend', 'mutate']),
    seed: seedSchema,
    strength: z.number().min(0).max(1),
  }),
  /** An image moved along named directions. */
  z.object({
    op: z.literal('direction'),
    parent: id,
    moves: z.array(z.object({ directionId: id, amount: z.number() })),
  }),
  /** VAE encoder applied to an image file. */
  z.object({ op: z.literal('encode'), source: sourceFileSchema }),
  /** Projection (optimisation) of an image file into the latent space. */
  z.object({
    op: z.literal('project'),
    source: sourceFileSchema,
    distance: z.number(),
    steps: z.number().int().min(0),
    optimizer: z.string().max(200),
  }),
  /** A frame of a keyframe path at `time` seconds. */
  z.object({ op: z.literal('path'), pathId: id, time: z.number().min(0) }),
  /** Anything else, said in words. */
  z.object({ op: z.literal('other'), note: z.string().max(1000) }),
]);
export type Lineage = z.infer<typeof lineageSchema>;

export const projectImageSchema = z.object({
  id,
  latent: latentSpecSchema,
  lineage: lineageSchema,
  label: name.optional(),
  createdAt: isoDate.optional(),
});
export type ProjectImage = z.infer<typeof projectImageSchema>;

export const anchorSchema = z.object({ id, imageId: id, x: z.number(), y: z.number() });

export const stripSchema = z.object({
  id,
  name,
  waypoints: ids.min(2),
  frames: z.number().int().min(2).max(512),
  method: z.enum(['lerp', 'slerp']),
  loop: z.boolean(),
});

/** Export settings a path remembers (the video dialog's last choices). */
export const videoSettingsSchema = z.object({
  format: z.enum(['mp4', 'webm', 'gif', 'apng']),
  scale: z.number().int().min(1).max(8),
  filter: z.enum(['nearest', 'lanczos']),
  crf: z.number().int().min(0).max(63).optional(),
});
export type VideoSettings = z.infer<typeof videoSettingsSchema>;

/** A keyframe path: keyframes are image ids; see keyframe-path.ts for segment counts and timing. */
export const keyframePathSchema = z.object({
  id,
  name,
  keyframes: ids.min(2),
  segments: z.array(pathSegmentSchema).min(1),
  loop: z.boolean(),
  fps: z.number().min(1).max(60),
  video: videoSettingsSchema.optional(),
});
export type KeyframePathRecord = z.infer<typeof keyframePathSchema>;

/** How a direction was made (shown beside its slider). */
export const directionSourceSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('pca'),
    /** 0-based principal component. */
    component: z.number().int().min(0),
    /** Share of the feature variance this component explains. */
    explained: z.number().min(0).max(1),
    seed: seedSchema,
    samples: z.number().int().positive(),
    /** Which features were decomposed, e.g. "activation /Relu_1" or an extractor id. */
    features: z.string().max(500),
  }),
  z.object({ method: z.literal('attribute'), setA: ids.min(1), setB: ids.min(1) }),
  z.object({ method: z.literal('manual'), note: z.string().max(1000).optional() }),
]);

export const directionSchema = z.object({
  id,
  name,
  /** base64 float32, latentDim values: the latent step for slider amount 1. */
  vector: z.base64().max(1 << 20),
  source: directionSourceSchema,
});
export type Direction = z.infer<typeof directionSchema>;

export const projectSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  /** Stable id (autosaves of an untitled project are kept under it). */
  id,
  name,
  createdAt: isoDate,
  modifiedAt: isoDate,
  appVersion: z.string().max(64),
  model: projectModelSchema,
  grid: z.object({
    seed: seedSchema,
    count: z.number().int().min(1).max(256),
    truncation: truncationSchema,
  }),
  images: z.array(projectImageSchema).max(100_000),
  /** Selected image ids, in the order they were selected. */
  selection: ids,
  favourites: ids,
  canvas: z.object({
    anchors: z.array(anchorSchema).max(10_000),
    view: z.object({ x: z.number(), y: z.number(), zoom: z.number().positive() }).optional(),
  }),
  strips: z.array(stripSchema).max(1000),
  paths: z.array(keyframePathSchema).max(1000),
  directions: z.array(directionSchema).max(1000),
  /** Free-form renderer state (open panels, slider values); kept as is, never read by the engine. */
  ui: z.record(z.string(), z.unknown()).optional(),
});
export type Project = z.infer<typeof projectSchema>;

/**
 * Dangling references and shape mistakes the schema cannot see (an anchor naming a missing image,
 * a path whose segment count does not fit its keyframes). Empty when the project is consistent.
 */
export function projectProblems(project: Project): string[] {
  const known = new Set(project.images.map((i) => i.id));
  const problems: string[] = [];
  const check = (what: string, ref: string) => {
    if (!known.has(ref))
      problems.push(`${what} refers to image "${ref}", which is not in the project.`);
  };
  if (known.size !== project.images.length) problems.push('Two images share the same id.');
  project.selection.forEach((r) => check('The selection', r));
  project.favourites.forEach((r) => check('A favourite', r));
  project.canvas.anchors.forEach((a) => check(`Anchor "${a.id}"`, a.imageId));
  project.strips.forEach((s) => s.waypoints.forEach((r) => check(`Strip "${s.name}"`, r)));
  for (const path of project.paths) {
    path.keyframes.forEach((r) => check(`Path "${path.name}"`, r));
    const want = path.loop ? path.keyframes.length : path.keyframes.length - 1;
    if (path.segments.length !== want)
      problems.push(
        `Path "${path.name}" has ${path.keyframes.length} keyframes and ${path.segments.length} segments; ${path.loop ? 'a loop' : 'an open path'} needs ${want}.`,
      );
  }
  return problems;
}

/**
 * Migration hook: brings an older project document up to PROJECT_VERSION before it is validated.
 * Each entry upgrades from its key's version to the next one. Version 1 is the first, so the table
 * is empty; a later format adds `1: (doc) => …` here and bumps PROJECT_VERSION.
 */
export type ProjectMigration = (doc: Record<string, unknown>) => Record<string, unknown>;
export const projectMigrations: Record<number, ProjectMigration> = {};

export function migrateProject(
  doc: unknown,
  migrations: Record<number, ProjectMigration> = projectMigrations,
  target: number = PROJECT_VERSION,
): unknown {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new Error('The project file does not hold a JSON object.');
  let current = doc as Record<string, unknown>;
  if (current.format !== PROJECT_FORMAT)
    throw new Error(
      `This is not a Latent Studio project (format is ${JSON.stringify(current.format)}).`,
    );
  let version = current.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new Error(`The project has no valid version number (${JSON.stringify(version)}).`);
  if (version > target)
    throw new Error(
      `The project was saved by a newer Latent Studio (format version ${version}; this one reads up to ${target}). Update the app to open it.`,
    );
  while (version < target) {
    const step = migrations[version];
    if (!step) throw new Error(`No way to upgrade a project from format version ${version}.`);
    current = { ...step(current), version: version + 1 };
    version += 1;
  }
  return current;
}
