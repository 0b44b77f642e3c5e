import { projectProblems, type Project } from '../../../../main/contract/project-schemas';
import { reportError, runJob, toast, type ActionContext } from '../../app/context';
import { initialDoc } from '../../store/doc';
import { emptyProbe } from '../../store/state';
import { isFavourite } from '../../store/selectors';
import type { ProjectSession } from '../../store/project';
import { resetDoc } from '../../store/store';
import { followDoc } from '../explore/history';
import { sample } from '../explore/sampling';
import {
  fromProject,
  isPristine,
  projectModelOf,
  toProject,
  type ProjectMeta,
} from './project-file';
import { forgetOpen, rememberOpen } from './last-open';

export function setProject(
  ctx: ActionContext,
  patch: Partial<ProjectSession> | ((p: ProjectSession) => Partial<ProjectSession>),
): void {
  ctx.store.setState((s) => ({
    project: { ...s.project, ...(typeof patch === 'function' ? patch(s.project) : patch) },
  }));
}

/** "cats.lsproj" or "/a/b/cats.lsproj/" → "cats". */
export function projectName(path: string): string {
  const last =
    path
      .split(/[\\/]+/)
      .filter(Boolean)
      .pop() ?? path;
  return last.replace(/\.lsproj$/i, '') || 'Untitled project';
}

export async function loadRecentProjects(ctx: ActionContext): Promise<void> {
  try {
    const { projects } = await ctx.api.invoke('project.recent', {});
    setProject(ctx, { recent: projects });
  } catch (err) {
    reportError(ctx, err, 'Listing recent projects');
  }
}

/**
 * A fresh, untitled project for the current model (project.create gives it an id, so it
 * autosaves from the first change). With `keepDoc` the document on screen becomes its content
 * (the first start); otherwise the canvas starts empty and the grid is sampled again.
 */
export async function newProject(ctx: ActionContext, keepDoc = false): Promise<void> {
  const { doc } = ctx.store.getState();
  if (!doc.modelId) return;
  const modelId = doc.modelId;
  const res = await runJob(
    ctx,
    'Starting a new project',
    () => ctx.api.invoke('project.create', { modelId, name: 'Untitled project' }),
    false,
  );
  if (!res) return;
  const { project } = res;
  setProject(ctx, {
    id: project.id,
    name: project.name,
    createdAt: project.createdAt,
    appVersion: project.appVersion,
    model: project.model,
    path: null,
    untitled: true,
    dirty: keepDoc,
    savedAt: null,
    dialog: null,
    pending: null,
    confirmOverwrite: null,
  });
  forgetOpen();
  if (keepDoc) return;
  ctx.store.setState({ probe: emptyProbe, strip: null });
  resetDoc(ctx.store, { ...initialDoc, modelId, sampling: doc.sampling });
  await sample(ctx);
  if (doc.anchors.length + doc.kept.length > 0)
    toast(ctx, 'info', 'The previous project is kept: find it under Recent projects.', 6000);
}

/**
 * Opens a project folder. When its model is here the document is replaced (a fresh undo
 * history); when not, the project waits in `pending` and the UI says which model to locate.
 * Returns whether the project was read.
 */
export async function openProject(
  ctx: ActionContext,
  path: string,
  options: { quiet?: boolean; untitled?: boolean } = {},
): Promise<boolean> {
  let res;
  try {
    res = await ctx.api.invoke('project.open', { path });
  } catch (err) {
    if (!options.quiet) reportError(ctx, err, `Opening the project ${path}`);
    return false;
  }
  const untitled =
    options.untitled ??
    ctx.store.getState().project.recent.find((r) => r.path === res.path)?.autosave ??
    false;
  if (res.model.status === 'missing') {
    setProject(ctx, {
      dialog: null,
      pending: { path: res.path, project: res.project, missing: res.model, mismatch: null },
    });
    return true;
  }
  const found = res.model;
  if (!ctx.store.getState().models.some((m) => m.id === found.modelId))
    ctx.store.setState((s) => ({ models: [...s.models, found.model] }));
  await applyProject(ctx, res.path, res.project, found.modelId, untitled);
  for (const warning of res.warnings) toast(ctx, 'info', warning, 8000);
  if (!options.quiet) toast(ctx, 'success', `Opened the project "${res.project.name}".`);
  return true;
}

async function applyProject(
  ctx: ActionContext,
  path: string,
  project: Project,
  modelId: string,
  untitled: boolean,
): Promise<void> {
  const before = ctx.store.getState().doc;
  const doc = fromProject(project, modelId);
  ctx.store.setState({ probe: emptyProbe, strip: null, favouriteItems: [] });
  resetDoc(ctx.store, doc);
  setProject(ctx, {
    id: project.id,
    name: project.name,
    createdAt: project.createdAt,
    appVersion: project.appVersion,
    model: project.model,
    path,
    untitled,
    dirty: false,
    savedAt: project.modifiedAt,
    dialog: null,
    pending: null,
    confirmOverwrite: null,
  });
  rememberOpen(path, untitled);
  followDoc(ctx, before, doc);
  if (doc.gridKeys.length === 0) await sample(ctx);
}

/** The document as the project file to write now, or why it cannot be written. */
function currentProject(ctx: ActionContext, name?: string): Project | string {
  const state = ctx.store.getState();
  const { project: session, doc } = state;
  if (!session.id) return 'The project has not been created yet.';
  const model = state.models.find((m) => m.id === doc.modelId);
  if (!model) return 'No model is open.';
  const record = session.model?.sha256 === model.sha256 ? session.model : projectModelOf(model);
  const meta: ProjectMeta = {
    id: session.id,
    name: name ?? session.name,
    createdAt: session.createdAt,
    appVersion: session.appVersion,
    model: record,
  };
  const favourites = new Set(
    Object.values(doc.images)
      .filter((i) => isFavourite(state.favourites, i))
      .map((i) => i.key),
  );
  const project = toProject(doc, meta, favourites);
  const problems = projectProblems(project);
  return problems.length > 0 ? problems.join(' ') : project;
}

let queue: Promise<unknown> = Promise.resolve();

/** Resolves when every save asked for so far has finished (closing a window waits for it). */
export function whenSaved(): Promise<void> {
  return queue.then(() => undefined);
}

/**
 * Saves the project: to its own path, or while untitled to the data folder's autosave (the
 * engine writes atomically and skips writing when nothing changed). With `as`, to a new path: a
 * folder that holds something else is refused in words, then asked about (`overwrite`).
 * Saves run one after another. Returns whether it saved.
 */
export function saveProject(
  ctx: ActionContext,
  options: { as?: string; overwrite?: boolean; quiet?: boolean } = {},
): Promise<boolean> {
  const run = queue.then(() => save(ctx, options));
  queue = run.catch(() => undefined);
  return run;
}

async function save(
  ctx: ActionContext,
  { as, overwrite, quiet }: { as?: string; overwrite?: boolean; quiet?: boolean },
): Promise<boolean> {
  const session = ctx.store.getState().project;
  const name = as ? projectName(as) : undefined;
  const project = currentProject(ctx, name);
  if (typeof project === 'string') {
    if (!quiet) toast(ctx, 'error', `Saving the project failed: ${project}`, 9000);
    return false;
  }
  const docAtSave = ctx.store.getState().doc;
  const path = as ?? (session.untitled ? undefined : (session.path ?? undefined));
  let res;
  try {
    res = await ctx.api.invoke('project.save', { project, path, overwrite });
  } catch (err) {
    if (as && !overwrite && /overwrite|already|another|not a project|holds/i.test(String(err)))
      setProject(ctx, { confirmOverwrite: as });
    if (!quiet || as) reportError(ctx, err, 'Saving the project');
    return false;
  }
  const untitled = as ? false : session.untitled;
  setProject(ctx, {
    path: res.path,
    untitled,
    name: project.name,
    savedAt: res.savedAt,
    dirty: ctx.store.getState().doc !== docAtSave,
    dialog: as ? null : ctx.store.getState().project.dialog,
    confirmOverwrite: null,
  });
  rememberOpen(res.path, untitled);
  if (as) {
    toast(ctx, 'success', `Saved the project as ${res.path}`);
    void loadRecentProjects(ctx);
  }
  return true;
}

/**
 * Keeps the project on disk a moment behind the screen: 2 s after the last change (at most 5 s
 * during a long drag), so a crash or a reload loses only those seconds.
 */
export function startAutosave(ctx: ActionContext, delayMs = 2000, maxWaitMs = 5000): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstChange = 0;
  let failedOnce = false;
  const flush = async () => {
    timer = null;
    firstChange = 0;
    const ok = await saveProject(ctx, { quiet: failedOnce });
    failedOnce = !ok;
  };
  const off = ctx.store.subscribe((s, prev) => {
    if (s.doc === prev.doc || !s.project.id) return;
    if (s.project.untitled && isPristine(s.doc)) return;
    const now = Date.now();
    if (!firstChange) firstChange = now;
    if (timer) clearTimeout(timer);
    const wait = Math.min(delayMs, Math.max(0, firstChange + maxWaitMs - now));
    timer = setTimeout(() => void flush(), wait);
  });
  return () => {
    off();
    if (timer) clearTimeout(timer);
  };
}

/** Binds a pending project to a model file the user located (or, after a warning, any file). */
export async function locateModel(
  ctx: ActionContext,
  modelPath: string,
  accept = false,
): Promise<void> {
  const pending = ctx.store.getState().project.pending;
  if (!pending || !modelPath.trim()) return;
  let res;
  try {
    res = await ctx.api.invoke('project.locateModel', {
      expected: pending.project.model,
      modelPath: modelPath.trim(),
      accept,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!accept && /sha-?256|hash|different|differs/i.test(message))
      setProject(ctx, { pending: { ...pending, mismatch: { modelPath, message } } });
    else reportError(ctx, err, 'Locating the model');
    return;
  }
  const { models } = await ctx.api.invoke('models.list', {});
  ctx.store.setState({ models });
  const project = { ...pending.project, model: res.projectModel };
  await applyProject(ctx, pending.path, project, res.modelId, false);
  toast(ctx, 'success', `Opened "${project.name}" with the model "${res.model.name}".`);
  await saveProject(ctx, { quiet: true });
}

export function dismissPending(ctx: ActionContext): void {
  setProject(ctx, { pending: null });
}
