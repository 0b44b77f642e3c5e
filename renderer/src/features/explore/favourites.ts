import { reportError, toast, type ActionContext } from '../../app/context';
import { latentKey, type DocImage } from '../../store/doc';
import { type Favourite, type Item } from '../../store/state';
import { isFavourite, selectedImages } from '../../store/selectors';

function sameFavourite(f: Favourite, image: Pick<DocImage, 'modelId' | 'latent'>): boolean {
  return f.modelId === image.modelId && JSON.stringify(f.latent) === JSON.stringify(image.latent);
}

async function save(ctx: ActionContext, favourites: Favourite[]): Promise<void> {
  const before = ctx.store.getState().favourites;
  ctx.store.setState({ favourites });
  try {
    await ctx.api.invoke('favourites.save', { favourites });
  } catch (err) {
    ctx.store.setState({ favourites: before });
    reportError(ctx, err, 'Saving favourites');
  }
}

/**
 * Stars the given images (by key, else the selection); if all are starred already, unstars them.
 * Favourites belong to the data folder, across projects, so they are not part of undo.
 */
export async function toggleFavourite(ctx: ActionContext, keys?: readonly string[]): Promise<void> {
  const state = ctx.store.getState();
  const known = (k: string) => state.doc.images[k] ?? state.favouriteItems.find((i) => i.key === k);
  const targets = keys
    ? keys.map(known).filter((i): i is DocImage => i !== undefined)
    : selectedImages(state.doc);
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
  const { favourites, doc } = ctx.store.getState();
  const modelId = doc.modelId;
  if (!modelId) return;
  const mine = favourites.filter((f) => f.modelId === modelId).slice(0, 128);
  const items: Item[] = [];
  for (const f of mine) {
    const key = latentKey(modelId, f.latent);
    const state = ctx.store.getState();
    const known = state.favouriteItems.find((i) => i.key === key);
    const image = state.doc.images[key];
    const cached = state.frames[key];
    if (known) {
      items.push(known);
      continue;
    }
    if (image && cached) {
      items.push({ ...image, frame: cached });
      continue;
    }
    try {
      const { frame } = await ctx.api.invoke('render.frame', { modelId, latent: f.latent });
      const seed = f.latent.kind === 'seed' ? f.latent.seed : frame.seed;
      const truncation =
        f.latent.kind === 'seed' || f.latent.kind === 'z' ? (f.latent.truncation ?? null) : null;
      items.push({
        key,
        modelId,
        latent: f.latent,
        frame,
        label: f.label,
        name: f.label.replace(/[^\w.-]+/g, '-'),
        seed,
        truncation,
        lineage:
          f.latent.kind === 'seed'
            ? { op: 'seed', seed: f.latent.seed, truncation: f.latent.truncation }
            : { op: 'other', note: `Favourite "${f.label}"` },
      });
    } catch (err) {
      reportError(ctx, err, `Rendering favourite "${f.label}"`);
      break;
    }
  }
  // Their frames join the cache, so a favourite selected or placed shows at once.
  ctx.store.setState((s) => ({
    favouriteItems: items,
    frames: { ...s.frames, ...Object.fromEntries(items.map((i) => [i.key, i.frame])) },
  }));
}
