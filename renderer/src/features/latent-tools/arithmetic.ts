import { toast, type ActionContext } from '../../app/context';
import { selectedImages } from '../../store/selectors';
import { keepImages, makeImage, nextNumber } from './add-image';

/**
 * A − B + C from the first three selected images (in selection order), placed on the canvas:
 * "man with glasses − man + woman". The engine rescales the sum to the parents' mean length.
 */
export function latentArithmetic(ctx: ActionContext): void {
  const [a, b, c] = selectedImages(ctx.store.getState().doc);
  if (!a || !b || !c) {
    toast(ctx, 'info', 'Select three images in order — A, then B, then C — to make A − B + C.');
    return;
  }
  const image = makeImage(
    ctx,
    { kind: 'arithmetic', a: a.latent, b: b.latent, c: c.latent },
    { op: 'arithmetic', a: a.key, b: b.key, c: c.key },
    `${a.label} − ${b.label} + ${c.label}`.slice(0, 120) || `Sum ${nextNumber(ctx)}`,
  );
  if (!image) return;
  keepImages(ctx, [image], { place: true });
  toast(ctx, 'success', `Placed ${image.label} on the canvas.`);
}
