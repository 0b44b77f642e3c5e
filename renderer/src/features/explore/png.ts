import type { Frame } from '../../../../main/contract/channels';
import { reportError, runJob, setDoc, toast, type ActionContext } from '../../app/context';
import { IMAGE_FILE, takeImage } from '../latent-tools/image-latent';
import { latentKey, type DocImage } from '../../store/doc';
import { placeImages } from './canvas';
import { putFrames } from './frames';
import { addImages, selectModel } from './sampling';

function describe(seed: number | null, truncation: number | null): string {
  const parts = [seed === null ? 'no seed (edited latent)' : `seed ${seed}`];
  if (truncation !== null) parts.push(`truncation ${truncation.toFixed(2)}`);
  return parts.join(', ');
}

/**
 * Opens a PNG saved by Latent Studio: reads its metadata, switches to the model that made it
 * (by sha256), renders its exact latent, keeps it in the project, selects it and places it on
 * the canvas.
 */
export async function openPng(
  ctx: ActionContext,
  bytes: Uint8Array<ArrayBuffer>,
  fileName: string,
  preview: Frame | null = null,
): Promise<void> {
  let metadata;
  try {
    ({ metadata } = await ctx.api.invoke('png.read', { bytes, name: fileName }));
  } catch (err) {
    reportError(ctx, err, `Opening ${fileName}`);
    return;
  }
  if (!metadata) {
    // Any other picture: Image → latent (encode with a VAE's encoder, else projection).
    await takeImage(ctx, bytes, fileName, preview);
    return;
  }
  const model = ctx.store.getState().models.find((m) => m.sha256 === metadata.modelSha256);
  if (!model) {
    toast(
      ctx,
      'error',
      `${fileName} was made with the model "${metadata.modelName}" (sha256 ${metadata.modelSha256.slice(0, 12)}…), which is not in your library. Import that model to open it.`,
      12000,
    );
    return;
  }
  await selectModel(ctx, model.id);
  const latent = { kind: 'z' as const, z: metadata.z };
  const rendered = await runJob(
    ctx,
    `Opening ${fileName}`,
    () => ctx.api.invoke('render.frame', { modelId: model.id, latent }),
    false,
  );
  if (!rendered) return;
  const base = fileName.replace(/\.png$/i, '');
  const image: DocImage = {
    key: latentKey(model.id, latent),
    modelId: model.id,
    latent,
    label: metadata.seed === null ? base : `Seed ${metadata.seed}`,
    name: base.replace(/[^\w.-]+/g, '-') || 'opened',
    seed: metadata.seed,
    truncation: metadata.truncation,
    lineage: { op: 'png', source: { file: fileName } },
  };
  putFrames(ctx, { [image.key]: rendered.frame });
  ctx.store.history.beginGesture();
  try {
    setDoc(ctx, (doc) => ({
      images: addImages(doc.images, [image]),
      kept: doc.kept.includes(image.key) ? doc.kept : [...doc.kept, image.key],
      selection: [...doc.selection.filter((k) => k !== image.key), image.key],
    }));
    placeImages(ctx, [image]);
  } finally {
    ctx.store.history.endGesture();
  }
  const what = describe(metadata.seed, metadata.truncation);
  toast(ctx, 'success', `Opened ${fileName}: ${what} · ${model.name}`, 8000);
}

/**
 * Opens a file (picked, dropped or pasted): a PNG saved by Latent Studio restores its latent;
 * any other image becomes the target of Image → latent. `preview` is the page's own decoding of
 * it, shown beside the result.
 */
export async function openFile(
  ctx: ActionContext,
  file: File,
  preview: Frame | null = null,
): Promise<void> {
  const isPng = /\.png$/i.test(file.name) || file.type === 'image/png';
  if (!isPng && !IMAGE_FILE.test(file.name) && !file.type.startsWith('image/')) {
    toast(ctx, 'error', `${file.name} is not an image (PNG, JPEG, WebP…).`);
    return;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (isPng) await openPng(ctx, bytes, file.name, preview);
  else await takeImage(ctx, bytes, file.name || 'pasted image', preview);
}
