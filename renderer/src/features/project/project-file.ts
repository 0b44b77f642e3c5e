import { z } from 'zod';
import type { ModelInfo } from '../../../../main/contract/channels';
import type { LatentSpec } from '../../../../main/contract/latent-spec';
import {
  PROJECT_FORMAT,
  PROJECT_VERSION,
  videoSettingsSchema,
  type Lineage,
  type Project,
  type ProjectModel,
} from '../../../../main/contract/project-schemas';
import { samplingSchema } from '../../../../main/contract/diffusion-schemas';
import { initialDoc, type DocImage, type ProjectDoc } from '../../store/doc';

/** What the project file keeps beside the document that the engine never reads (its `ui`). */
export interface ProjectMeta {
  id: string;
  name: string;
  createdAt: string;
  appVersion: string;
  model: ProjectModel;
}

export const STRIP_ID = 'strip-1';
export const PATH_ID = 'path-1';

const keys = z.array(z.string());
const gridSpec = z.object({ seed: z.number(), count: z.number(), truncation: z.number() });
/**
 * The renderer's part of a project file (`ui`): what has no field of its own in the format. Read
 * with safeParse: a file from another version or hand-edited loses only these extras.
 */
const uiSchema = z.object({
  grid: gridSpec.nullable().optional(),
  gridKeys: keys.optional(),
  kept: keys.optional(),
  strip: z
    .object({ frames: z.number(), method: z.enum(['lerp', 'slerp']), loop: z.boolean() })
    .optional(),
  path: z.object({ loop: z.boolean(), fps: z.number(), video: videoSettingsSchema }).optional(),
  breeding: z
    .object({
      parents: keys,
      children: keys,
      operation: z.enum(['crossover', 'blend', 'mutate']),
      strength: z.number(),
      count: z.number(),
      seed: z.number(),
    })
    .optional(),
  /** A diffusion model's sampler settings (a bad value drops only this field). */
  diffusionSampling: samplingSchema.optional().catch(undefined),
  exportSettings: z
    .object({
      folder: z.string(),
      template: z.string(),
      scale: z.number(),
      filter: z.enum(['nearest', 'lanczos']),
    })
    .optional(),
});

/** The model record a project names: found again by SHA-256 on any machine. */
export function projectModelOf(model: ModelInfo): ProjectModel {
  return {
    name: model.name,
    sha256: model.sha256,
    latentDim: model.props.latentDim,
    width: model.props.width,
    height: model.props.height,
    path: model.path,
  };
}

/** The document as a project file (the contract's Project): a copy, with references by id. */
export function toProject(
  doc: ProjectDoc,
  meta: ProjectMeta,
  favouriteKeys: ReadonlySet<string>,
): Project {
  const now = new Date().toISOString();
  const images = Object.values(doc.images).map((i) => ({
    id: i.key,
    latent: i.latent,
    lineage: i.lineage,
    label: i.label,
  }));
  const known = new Set(images.map((i) => i.id));
  const present = (list: readonly string[]) => list.filter((k) => known.has(k));
  const { strip, path } = doc;
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    id: meta.id,
    name: meta.name,
    createdAt: meta.createdAt,
    modifiedAt: now,
    appVersion: meta.appVersion,
    model: meta.model,
    grid: doc.sampling,
    images,
    selection: present(doc.selection),
    favourites: present([...favouriteKeys]),
    canvas: {
      anchors: doc.anchors
        .filter((a) => known.has(a.key))
        .map((a) => ({ id: a.id, imageId: a.key, x: a.x, y: a.y })),
    },
    strips:
      present(strip.waypoints).length >= 2
        ? [
            {
              id: STRIP_ID,
              name: 'Interpolation',
              waypoints: present(strip.waypoints),
              frames: strip.frames,
              method: strip.method,
              loop: strip.loop,
            },
          ]
        : [],
    paths:
      path.keys.length >= 2 && path.keys.every((k) => known.has(k))
        ? [
            {
              id: PATH_ID,
              name: 'Keyframe path',
              keyframes: path.keys,
              segments: path.segments,
              loop: path.loop,
              fps: path.fps,
              video: path.video,
            },
          ]
        : [],
    directions: doc.directions,
    ui: {
      grid: doc.grid,
      gridKeys: present(doc.gridKeys),
      kept: present(doc.kept),
      strip: { frames: strip.frames, method: strip.method, loop: strip.loop },
      path: { loop: path.loop, fps: path.fps, video: path.video },
      breeding: {
        ...doc.breeding,
        parents: present(doc.breeding.parents),
        children: present(doc.breeding.children),
      },
      exportSettings: doc.exportSettings,
      diffusionSampling: doc.diffusionSampling,
    },
  };
}

/** A label for an image the file did not name, from its lineage. */
function labelOf(lineage: Lineage, index: number): string {
  if (lineage.op === 'seed') return `Seed ${lineage.seed}`;
  if (lineage.op === 'png' || lineage.op === 'encode' || lineage.op === 'project')
    return lineage.source.file.split(/[\\/]/).pop() ?? `Image ${index + 1}`;
  return `Image ${index + 1}`;
}

function seedOf(latent: LatentSpec): { seed: number | null; truncation: number | null } {
  if (latent.kind === 'seed') return { seed: latent.seed, truncation: latent.truncation ?? null };
  if (latent.kind === 'z') return { seed: null, truncation: latent.truncation ?? null };
  return { seed: null, truncation: null };
}

/** A project file as the document (its images bound to the library model `modelId`). */
export function fromProject(project: Project, modelId: string): ProjectDoc {
  const parsed = uiSchema.safeParse(project.ui ?? {});
  const ui = parsed.success ? parsed.data : {};
  const images: Record<string, DocImage> = {};
  project.images.forEach((image, i) => {
    const label = image.label ?? labelOf(image.lineage, i);
    images[image.id] = {
      key: image.id,
      modelId,
      latent: image.latent,
      label,
      name: label.toLowerCase().replace(/[^\w.-]+/g, '-') || image.id,
      ...seedOf(image.latent),
      lineage: image.lineage,
    };
  });
  const present = (list: readonly string[] | undefined) => (list ?? []).filter((k) => k in images);
  const strip = project.strips[0];
  const path = project.paths[0];
  const gridKeys = ui.gridKeys
    ? present(ui.gridKeys)
    : project.images.filter((i) => i.lineage.op === 'seed').map((i) => i.id);
  return {
    ...initialDoc,
    modelId,
    sampling: project.grid,
    grid: ui.grid ?? null,
    gridKeys,
    images,
    kept: present(ui.kept),
    selection: present(project.selection),
    anchors: project.canvas.anchors
      .filter((a) => a.imageId in images)
      .map((a) => ({ id: a.id, key: a.imageId, x: a.x, y: a.y })),
    strip: {
      ...initialDoc.strip,
      ...ui.strip,
      ...(strip ? { frames: strip.frames, method: strip.method, loop: strip.loop } : {}),
      waypoints: strip ? present(strip.waypoints) : [],
    },
    path:
      path && path.keyframes.every((k) => k in images)
        ? {
            keys: path.keyframes,
            segments: path.segments,
            loop: path.loop,
            fps: path.fps,
            video: path.video ?? initialDoc.path.video,
          }
        : { ...initialDoc.path, ...ui.path, keys: [], segments: [] },
    directions: project.directions,
    breeding: ui.breeding
      ? {
          ...ui.breeding,
          parents: present(ui.breeding.parents),
          children: present(ui.breeding.children),
        }
      : initialDoc.breeding,
    exportSettings: ui.exportSettings ?? initialDoc.exportSettings,
    diffusionSampling: ui.diffusionSampling ?? initialDoc.diffusionSampling,
  };
}

/** Nothing made yet but a grid: an untitled project like this is not worth an autosave. */
export function isPristine(doc: ProjectDoc): boolean {
  return (
    doc.anchors.length === 0 &&
    doc.kept.length === 0 &&
    doc.selection.length === 0 &&
    doc.strip.waypoints.length === 0 &&
    doc.path.keys.length === 0 &&
    doc.directions.length === 0 &&
    doc.breeding.parents.length === 0
  );
}
