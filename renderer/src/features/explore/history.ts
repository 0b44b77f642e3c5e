import type { ActionContext } from '../../app/context';
import type { ProjectDoc } from '../../store/doc';
import { emptyProbe } from '../../store/state';
import { renderDocStrip } from './strip';

export function canUndo(ctx: ActionContext): boolean {
  return ctx.store.temporal.getState().pastStates.length > 0;
}

export function canRedo(ctx: ActionContext): boolean {
  return ctx.store.temporal.getState().futureStates.length > 0;
}

/** Steps the document back (or forward); the session follows what changed. */
export function undo(ctx: ActionContext): void {
  step(ctx, 'undo');
}

export function redo(ctx: ActionContext): void {
  step(ctx, 'redo');
}

function step(ctx: ActionContext, direction: 'undo' | 'redo'): void {
  const before = ctx.store.getState().doc;
  const temporal = ctx.store.temporal.getState();
  if (direction === 'undo') temporal.undo();
  else temporal.redo();
  ctx.store.history.breakCoalescing();
  const after = ctx.store.getState().doc;
  if (after === before) return;
  ctx.store.setState((s) => ({ project: { ...s.project, dirty: true } }));
  followDoc(ctx, before, after);
}

/**
 * What the session does when the document jumps (undo, redo, opening a project): the probe's
 * blend belongs to the old anchors, and a strip on screen is rendered again from its waypoints.
 */
export function followDoc(ctx: ActionContext, before: ProjectDoc, after: ProjectDoc): void {
  if (before.anchors !== after.anchors || before.modelId !== after.modelId)
    ctx.store.setState({ probe: emptyProbe });
  const stripChanged = before.strip !== after.strip || before.modelId !== after.modelId;
  if (stripChanged && (ctx.store.getState().strip || after.strip.waypoints.length >= 2))
    void renderDocStrip(ctx);
}
