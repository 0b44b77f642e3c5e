import type { ModelInfo } from '../../../main/contract/channels';
import type { DocImage, ProjectDoc } from './doc';
import type { Item, StudioState } from './state';

/** Joins document images with their frames; images not rendered yet are left out. */
export function itemsOf(state: StudioState, keys: readonly string[]): Item[] {
  const out: Item[] = [];
  for (const key of keys) {
    const item = itemOf(state, key);
    if (item) out.push(item);
  }
  return out;
}

export function itemOf(state: StudioState, key: string): Item | null {
  const image = state.doc.images[key];
  const frame = state.frames[key];
  return image && frame ? { ...image, frame } : null;
}

export function gridItems(state: StudioState): Item[] {
  return itemsOf(state, state.doc.gridKeys);
}

export function selectedImages(doc: ProjectDoc): DocImage[] {
  return doc.selection.map((k) => doc.images[k]).filter((i): i is DocImage => i !== undefined);
}

export function currentModel(state: StudioState): ModelInfo | null {
  return state.models.find((m) => m.id === state.doc.modelId) ?? null;
}

export function isFavourite(
  favourites: readonly { modelId: string; latent: unknown }[],
  image: Pick<DocImage, 'modelId' | 'latent'>,
): boolean {
  const key = JSON.stringify(image.latent);
  return favourites.some((f) => f.modelId === image.modelId && JSON.stringify(f.latent) === key);
}
