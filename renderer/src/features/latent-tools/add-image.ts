import type { Frame } from '../../../../main/contract/channels';
import type { LatentSpec } from '../../../../main/contract/latent-spec';
import { setDoc, type ActionContext } from '../../app/context';
import { latentKey, type DocImage, type Lineage } from '../../store/doc';
import { placeImages } from '../explore/canvas';
import { putFrames } from '../explore/frames';
import { addImages } from '../explore/sampling';

/** An image of the current model from a latent and its lineage (label and file name given). */
export function makeImage(
  ctx: ActionContext,
  latent: LatentSpec,
  lineage: Lineage,
  label: string,
): DocImage | null {
  const modelId = ctx.store.getState().doc.modelId;
  if (!modelId) return null;
  return {
    key: latentKey(modelId, latent),
    modelId,
    latent,
    label,
    name: label.toLowerCase().replace(/[^\w.-]+/g, '-'),
    seed: latent.kind === 'seed' ? latent.seed : null,
    truncation: null,
    lineage,
  };
}

/**
 * Keeps new images in the project (the Kept tab), selects the last, and optionally places them
 * on the canvas; one undo step. A frame already rendered joins the cache at once.
 */
export function keepImages(
  ctx: ActionContext,
  images: DocImage[],
  options: { place?: boolean; frames?: (Frame | undefined)[]; select?: boolean } = {},
): void {
  if (images.length === 0) return;
  const frames: Record<string, Frame> = {};
  images.forEach((image, i) => {
    const frame = options.frames?.[i];
    if (frame) frames[image.key] = frame;
  });
  putFrames(ctx, frames);
  ctx.store.history.beginGesture();
  try {
    setDoc(ctx, (doc) => ({
      images: addImages(doc.images, images),
      kept: [...doc.kept, ...images.map((i) => i.key).filter((k) => !doc.kept.includes(k))],
      ...(options.select !== false ? { selection: [images.at(-1)!.key] } : {}),
    }));
    if (options.place) placeImages(ctx, images);
  } finally {
    ctx.store.history.endGesture();
  }
}

/** How many kept images there are, for numbering new ones ("Child 3"). */
export function nextNumber(ctx: ActionContext): number {
  return ctx.store.getState().doc.kept.length + 1;
}
