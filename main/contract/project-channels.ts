import { z } from 'zod';
import { projectModelSchema, projectSchema } from './project-schemas';
import { filePath, modelInfoSchema } from './schemas';

/**
 * Project channels (issue 12): create, save (also autosave), open, recent list, and rebinding a
 * project to its model. The format is in project-schemas.ts and main/engine/projects/README.md.
 */

/** Whether the project's model is in the library (or at its remembered path) on this machine. */
export const modelBindingSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('found'), modelId: z.string(), model: modelInfoSchema }),
  z.object({
    status: z.literal('missing'),
    name: z.string(),
    sha256: z.string(),
    latentDim: z.number().int(),
    /** In words, e.g. `The model "faces" (SHA-256 ab12…) is not in your library…`. */
    message: z.string(),
  }),
]);
export type ModelBinding = z.infer<typeof modelBindingSchema>;

export const recentProjectSchema = z.object({
  path: z.string(),
  name: z.string(),
  modelName: z.string(),
  modelSha256: z.string(),
  savedAt: z.string(),
  /** An autosave of a project never saved under a name (kept in the data folder). */
  autosave: z.boolean(),
  /** Whether the folder is still there. */
  exists: z.boolean(),
});

export const projectChannels = {
  /** A fresh, empty project for a library model (id, dates, model record filled in). */
  'project.create': {
    request: z.object({ modelId: z.string().min(1).max(4096), name: z.string().min(1).max(200) }),
    response: z.object({ project: projectSchema }),
  },
  /**
   * Saves atomically (the old project survives any crash mid-save). Without `path` it autosaves
   * into the data folder under the project's id (for untitled work). `path` gets `.lsproj` added
   * when missing. Saving over a folder that holds a DIFFERENT project (another id) or anything
   * that is not a project needs `overwrite: true`; saving the same project again (autosave) never
   * does. Cheap to call every few seconds: the latents file is rewritten only when a latent
   * changed, project.json only when anything did.
   */
  'project.save': {
    request: z.object({
      project: projectSchema,
      path: filePath.optional(),
      overwrite: z.boolean().optional(),
    }),
    response: z.object({
      path: z.string(),
      savedAt: z.string(),
      /** False when nothing had changed since the last save and nothing was written. */
      wrote: z.boolean(),
      latentCount: z.number().int(),
    }),
  },
  /** Opens a project folder (or its project.json) and says whether its model is here. */
  'project.open': {
    request: z.object({ path: filePath }),
    response: z.object({
      path: z.string(),
      project: projectSchema,
      model: modelBindingSchema,
      /** Things that were odd but not fatal (e.g. a reference to a missing image), in words. */
      warnings: z.array(z.string()),
    }),
  },
  /** Recently saved or opened projects, newest first (autosaves of untitled projects included). */
  'project.recent': {
    request: z.object({}),
    response: z.object({ projects: z.array(recentProjectSchema) }),
  },
  'project.forget': {
    request: z.object({ path: filePath }),
    response: z.object({ ok: z.literal(true) }),
  },
  /**
   * Rebinds a project to a model file the user located. The file's SHA-256 is checked against
   * `expected`: a match imports it into the library (so next time it is found by itself). A file
   * with another hash is refused in words unless `accept` is true (the user says "use it
   * anyway"); its latent size must still equal the project's. `projectModel` is the record the
   * renderer puts into `project.model` before the next save.
   */
  'project.locateModel': {
    request: z.object({
      expected: projectModelSchema,
      modelPath: filePath,
      accept: z.boolean().optional(),
    }),
    response: z.object({
      modelId: z.string(),
      model: modelInfoSchema,
      matched: z.boolean(),
      projectModel: projectModelSchema,
    }),
  },
} as const;
