import { randomSeed, reportError, runJob, setDoc, type ActionContext } from '../../app/context';
import { pruneImages, seedImage, type DocImage, type GridSpec } from '../../store/doc';
import { emptyProbe } from '../../store/state';
import { putFrames } from './frames';

/** Adds images to the document (by key; an image already there keeps its lineage). */
export function addImages(
  images: Record<string, DocImage>,
  added: readonly DocImage[],
): Record<string, DocImage> {
  const next = { ...images };
  for (const image of added) next[image.key] ??= image;
  return next;
}

/** Samples the grid from the Samples fields (render.grid as a job: progress and Cancel). */
export async function sample(ctx: ActionContext): Promise<void> {
  const { modelId, sampling } = ctx.store.getState().doc;
  if (!modelId) return;
  const { seed, count, truncation } = sampling;
  const res = await runJob(ctx, `Sampling ${count} image${count === 1 ? '' : 's'}`, (jobId) =>
    ctx.api.invoke('render.grid', { modelId, seed, count, truncation, jobId }),
  );
  if (!res || ctx.store.getState().doc.modelId !== modelId) return;
  const images = res.frames.map((frame, i) =>
    seedImage(modelId, frame.seed ?? (seed + i) >>> 0, truncation),
  );
  putFrames(ctx, Object.fromEntries(images.map((image, i) => [image.key, res.frames[i]!])));
  const grid: GridSpec = { seed, count, truncation };
  setDoc(ctx, (doc) =>
    pruneImages({
      ...doc,
      grid,
      gridKeys: images.map((i) => i.key),
      images: addImages(doc.images, images),
    }),
  );
}

export function setSampling(ctx: ActionContext, patch: Partial<GridSpec>): void {
  const field = Object.keys(patch).join(',');
  setDoc(ctx, (doc) => ({ sampling: { ...doc.sampling, ...patch } }), `sampling.${field}`);
}

export async function reroll(ctx: ActionContext): Promise<void> {
  setSampling(ctx, { seed: randomSeed() });
  ctx.store.history.breakCoalescing();
  await sample(ctx);
}

/** The engine's facts: app info, models, favourites; picks a model. Returns whether it worked. */
export async function loadEverything(ctx: ActionContext): Promise<boolean> {
  try {
    const [info, { models }, { favourites }] = await Promise.all([
      ctx.api.invoke('app.info', {}),
      ctx.api.invoke('models.list', {}),
      ctx.api.invoke('favourites.list', {}),
    ]);
    ctx.store.setState({ info, models, favourites });
    const previous = ctx.store.getState().doc.modelId;
    const modelId =
      models.find((m) => m.id === previous)?.id ??
      models.find((m) => m.id === info.defaultModelId)?.id ??
      models[0]?.id ??
      null;
    if (modelId !== previous) {
      ctx.store.temporal.getState().pause();
      try {
        setDoc(ctx, { modelId });
      } finally {
        ctx.store.temporal.getState().resume();
      }
    }
  } catch (err) {
    reportError(ctx, err, 'Loading the studio');
    return false;
  }
  return true;
}

/** models.list again (after an import); selects `select` when given. */
export async function refreshModels(ctx: ActionContext, select?: string): Promise<void> {
  try {
    const { models } = await ctx.api.invoke('models.list', {});
    ctx.store.setState({ models });
    const model = select ? models.find((m) => m.id === select) : undefined;
    if (model) await selectModel(ctx, model.id);
  } catch (err) {
    reportError(ctx, err, 'Refreshing the model list');
  }
}

/**
 * Switches model (one undo step: undo brings the old model back with its canvas). Anchors,
 * strips, paths and selections belong to a latent space, so they are cleared.
 */
export async function selectModel(ctx: ActionContext, modelId: string): Promise<void> {
  if (ctx.store.getState().doc.modelId === modelId) return;
  ctx.store.setState({ probe: emptyProbe, strip: null, favouriteItems: [] });
  // The switch and the new model's grid are one undo step.
  ctx.store.history.beginGesture();
  try {
    switchModel(ctx, modelId);
    await sample(ctx);
  } finally {
    ctx.store.history.endGesture();
  }
}

function switchModel(ctx: ActionContext, modelId: string): void {
  setDoc(ctx, (doc) =>
    pruneImages({
      ...doc,
      modelId,
      grid: null,
      gridKeys: [],
      kept: [],
      selection: [],
      anchors: [],
      strip: { ...doc.strip, waypoints: [] },
      path: { ...doc.path, keys: [], segments: [] },
      breeding: { ...doc.breeding, parents: [], children: [] },
      directions: [],
    }),
  );
}
