import type { ActionContext } from '../../app/context';
import { loadEverything, sample } from '../explore/sampling';
import { lastOpen } from './last-open';
import { loadRecentProjects, newProject, openProject } from './project';

/**
 * Start (and reconnect): the engine's facts, then the project this window had open (a reload
 * restores it), else a new untitled one on the default model with a sampled grid. A reconnect
 * keeps the open project and only refreshes the facts.
 */
export async function initStudio(ctx: ActionContext): Promise<void> {
  if (!(await loadEverything(ctx))) return;
  void loadRecentProjects(ctx);
  const { project } = ctx.store.getState();
  if (!project.id && !project.pending) {
    const last = lastOpen();
    const opened =
      last !== null &&
      (await openProject(ctx, last.path, { quiet: true, untitled: last.untitled }));
    if (!opened) await newProject(ctx, true);
  }
  if (ctx.store.getState().doc.gridKeys.length === 0 && !ctx.store.getState().project.pending)
    await sample(ctx);
}
