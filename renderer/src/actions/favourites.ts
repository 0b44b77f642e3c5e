import { isFavourite, latentKey, selectedItems, type Favourite, type Item } from '../state/studio';
import { reportError, toast, type ActionContext } from './context';
import { remember } from './sampling';

function sameFavourite(f: Favourite, item: Item): boolean {
  return f.modelId === item.modelId && JSON.stringify(f.latent) === JSON.stringify(item.latent);
}

async function save(ctx: ActionContext, favourites: Favourite[]): Promise<void> {
  const before = ctx.store.get().favourites;
  ctx.store.set({ favourites });
  try {
    await ctx.api.invoke('favourites.save', { favourites });
  } catch (err) {
    ctx.store.set({ favourites: before });
    reportError(ctx, err, 'Saving favourites');
  }
}

/** Stars the given items (or the selection); if all are starred already, unstars them. */
export async function toggleFavourite(ctx: ActionContext, items?: Item[]): Promise<void> {
  const state = ctx.store.get();
  const targets = items ?? selectedItems(state);
  if (targets.length === 0) {
    toast(ctx, 'info', 'Select an image to favourite it.');
    return;
  }
  const allStarred = targets.every((i) => isFavourite(state.favourites, i));
  let favourites = state.favourites;
  if (allStarred) favourites = favourites.filter((f) => !targets.some((i) => sameFavourite(f, i)));
  else {
    const added = targets
      .filter((i) => !isFavourite(state.favourites, i))
      .map((i) => ({ modelId: i.modelId, latent: i.latent, label: i.label }));
    favourites = [...favourites, ...added];
  }
  await save(ctx, favourites);
}

/** Renders the current model's favourites one by one for the Favourites tab. */
export async function loadFavouriteItems(ctx: ActionContext): Promise<void> {
  const { favourites, modelId } = ctx.store.get();
  if (!modelId) return;
  const mine = favourites.filter((f) => f.modelId === modelId).slice(0, 128);
  const items: Item[] = [];
  for (const f of mine) {
    const key = latentKey(modelId, f.latent);
    const known = ctx.store.get().items[key];
    if (known) {
      items.push(known);
      continue;
    }
    try {
      const { frame } = await ctx.api.invoke('render.frame', { modelId, latent: f.latent });
      const seed = f.latent.kind === 'seed' ? f.latent.seed : frame.seed;
      const truncation =
        f.latent.kind === 'seed' || f.latent.kind === 'z' ? (f.latent.truncation ?? null) : null;
      const item: Item = {
        key,
        modelId,
        latent: f.latent,
        frame,
        label: f.label,
        name: f.label.replace(/[^\w.-]+/g, '-'),
        seed,
        truncation,
      };
      remember(ctx, [item]);
      items.push(item);
    } catch (err) {
      reportError(ctx, err, `Rendering favourite "${f.label}"`);
      break;
    }
  }
  ctx.store.set({ favouriteItems: items });
}
