import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { Handlers } from '../../contract/channels';
import { PROJECT_FORMAT, PROJECT_VERSION, type Project } from '../../contract/project-schemas';
import { DEFAULT_TRUNCATION } from '../../contract/latent-spec';
import { APP_VERSION } from '../app-version';
import { bindModel, locateModel, projectModelOf } from '../projects/model-binding';
import { openProjectFolder, projectFolderOf, saveProjectFolder } from '../projects/project-folder';
import { RecentProjects } from '../projects/recent-projects';
import { prepareWriteFolder } from '../io/write-target';
import type { StudioContext } from './studio-context';

type ProjectChannel =
  | 'project.create'
  | 'project.save'
  | 'project.open'
  | 'project.recent'
  | 'project.forget'
  | 'project.locateModel';

/** Where an untitled project autosaves: `<dataDir>/autosave/<id>.lsproj`. */
export function autosaveFolder(dataDir: string, projectId: string): string {
  const safe = projectId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100);
  return join(dataDir, 'autosave', `${safe}.lsproj`);
}

export function projectHandlers(ctx: StudioContext): Pick<Handlers, ProjectChannel> {
  const recent = new RecentProjects(ctx.dataDir);
  // One save at a time per folder: two overlapping saves could otherwise delete each other's latents.
  const saving = new Map<string, Promise<unknown>>();
  const serialised = <T>(dir: string, work: () => Promise<T>): Promise<T> => {
    const next = (saving.get(dir) ?? Promise.resolve()).then(work, work);
    saving.set(
      dir,
      next.catch(() => undefined),
    );
    return next;
  };

  return {
    async 'project.create'({ modelId, name }) {
      const info = await ctx.library.get(modelId);
      const now = new Date().toISOString();
      const project: Project = {
        format: PROJECT_FORMAT,
        version: PROJECT_VERSION,
        id: randomUUID(),
        name,
        createdAt: now,
        modifiedAt: now,
        appVersion: APP_VERSION,
        model: projectModelOf(info),
        grid: { seed: 1, count: 16, truncation: DEFAULT_TRUNCATION },
        images: [],
        selection: [],
        favourites: [],
        canvas: { anchors: [] },
        strips: [],
        paths: [],
        directions: [],
      };
      return { project };
    },

    async 'project.save'({ project, path, overwrite }) {
      const autosave = path === undefined;
      // A project saves into the data folder or beside where the user chose (an existing folder).
      if (!autosave) await prepareWriteFolder(dirname(projectFolderOf(path)), ctx.writes);
      const dir = resolve(
        autosave ? autosaveFolder(ctx.dataDir, project.id) : projectFolderOf(path),
      );
      const result = await serialised(dir, () => saveProjectFolder(dir, project, { overwrite }));
      const autosaved = autosaveFolder(ctx.dataDir, project.id);
      if (result.wrote || !autosave)
        await recent.remember(
          dir,
          project,
          result.savedAt,
          autosave,
          autosave ? undefined : autosaved,
        );
      return {
        path: dir,
        savedAt: result.savedAt,
        wrote: result.wrote,
        latentCount: result.latentCount,
      };
    },

    async 'project.open'({ path }) {
      const opened = await openProjectFolder(resolve(path));
      const model = await bindModel(ctx.library, opened.project.model);
      const autosave = resolve(opened.dir).startsWith(resolve(ctx.dataDir, 'autosave'));
      await recent.remember(opened.dir, opened.project, opened.project.modifiedAt, autosave);
      return {
        path: resolve(opened.dir),
        project: opened.project,
        model,
        warnings: opened.warnings,
      };
    },

    async 'project.recent'() {
      return { projects: await recent.list() };
    },

    async 'project.forget'({ path }) {
      await recent.forget(projectFolderOf(path));
      return { ok: true as const };
    },

    async 'project.locateModel'({ expected, modelPath, accept }) {
      const { model, matched } = await locateModel(
        ctx.library,
        expected,
        modelPath,
        accept === true,
      );
      return { modelId: model.id, model, matched, projectModel: projectModelOf(model) };
    },
  };
}
