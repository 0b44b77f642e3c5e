import type { Frame } from '../../../main/contract/channels';
import type { LatentSpec } from '../../../main/contract/latent-spec';
import { latentKey, type Item, type StudioState } from '../state/studio';
import { randomSeed, reportError, runJob, type ActionContext } from './context';

export function seedItem(modelId: string, frame: Frame, seed: number, truncation: number): Item {
  const latent: LatentSpec = { kind: 'seed', seed, truncation };
  return {
    key: latentKey(modelId, latent),
    modelId,
    latent,
    frame,
    label: `Seed ${seed}`,
    name: `seed-${seed}`,
    seed,
    truncation,
  };
}

export function remember(ctx: ActionContext, items: Item[]): void {
  ctx.store.set((s) => {
    const next = { ...s.items };
    for (const item of items) next[item.key] = item;
    return { items: next };
  });
}

export async function sample(ctx: ActionContext): Promise<void> {
  const { modelId, seed, count, truncation } = ctx.store.get();
  if (!modelId) return;
  const res = await runJob(ctx, `Sampling ${count} image${count === 1 ? '' : 's'}`, (jobId) =>
    ctx.api.invoke('render.grid', { modelId, seed, count, truncation, jobId }),
  );
  if (!res) return;
  const grid = res.frames.map((frame, i) =>
    seedItem(modelId, frame, frame.seed ?? (seed + i) >>> 0, truncation),
  );
  ctx.store.set((s) => ({ grid, items: prune(s, grid) }));
}

/** Keeps only items still referenced (new grid, selection, anchors, favourites) so rerolls do not pile up frames. */
function prune(s: StudioState, grid: Item[]): Record<string, Item> {
  const keep: Record<string, Item> = {};
  const add = (item: Item | undefined) => {
    if (item) keep[item.key] = item;
  };
  grid.forEach(add);
  s.selection.forEach((k) => add(s.items[k]));
  s.anchors.forEach((a) => add(a.item));
  s.favouriteItems.forEach(add);
  return keep;
}

export async function reroll(ctx: ActionContext): Promise<void> {
  ctx.store.set({ seed: randomSeed() });
  await sample(ctx);
}

export async function loadEverything(ctx: ActionContext): Promise<void> {
  try {
    const [info, { models }, { favourites }] = await Promise.all([
      ctx.api.invoke('app.info', {}),
      ctx.api.invoke('models.list', {}),
      ctx.api.invoke('favourites.list', {}),
    ]);
    const previous = ctx.store.get().modelId;
    const modelId =
      models.find((m) => m.id === previous)?.id ??
      models.find((m) => m.id === info.defaultModelId)?.id ??
      models[0]?.id ??
      null;
    ctx.store.set({ info, models, favourites, modelId });
  } catch (err) {
    reportError(ctx, err, 'Loading the studio');
    return;
  }
  await sample(ctx);
}

/** Switches model. Anchors and strips belong to a latent space, so they are cleared. */
export async function selectModel(ctx: ActionContext, modelId: string): Promise<void> {
  if (ctx.store.get().modelId === modelId) return;
  ctx.store.set({
    modelId,
    grid: [],
    selection: [],
    anchors: [],
    strip: null,
    probe: { frame: null, weights: [], point: null },
    favouriteItems: [],
  });
  await sample(ctx);
}
