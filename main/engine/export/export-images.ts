import { mkdir } from 'node:fs/promises';
import type { ModelInfo, PngMetadata, Sampling } from '../../contract/channels';
import { APP_NAME, APP_VERSION } from '../app-version';
import { encodePng } from '../image/png';
import { metadataText } from '../image/png-metadata';
import { writeBesideFile } from '../io/write-target';
import { float32ToBase64 } from '../latent/base64';
import type { ResolvedLatent } from '../latent/resolve';
import type { RgbaImage } from '../image/png';

/** The provenance stored in every exported PNG: enough to restore the exact latent later. */
export function pngMetadataFor(
  model: ModelInfo,
  latent: ResolvedLatent,
  sampling?: Sampling,
): PngMetadata {
  return {
    app: APP_NAME,
    appVersion: APP_VERSION,
    modelName: model.name,
    modelSha256: model.sha256,
    seed: latent.seed,
    truncation: latent.truncation,
    latentDim: latent.z.length,
    z: float32ToBase64(latent.z),
    // Diffusion: z is x_T; with the sampler settings it restores the exact image.
    ...(sampling && { sampling }),
  };
}

/** File name that says what the image is (writePngs adds a counter when the name is taken). */
export function pngFileName(
  model: ModelInfo,
  latent: ResolvedLatent,
  index: number,
  name?: string,
): string {
  const safe = (s: string) =>
    s
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'image';
  if (name) return `${safe(name)}.png`;
  const base = safe(model.name);
  return latent.seed !== null
    ? `${base}-seed${latent.seed}.png`
    : `${base}-${String(index + 1).padStart(4, '0')}.png`;
}

/**
 * Writes each image as a PNG carrying its latent metadata into `dir`; returns
 * the written paths. Nothing is ever replaced: a name already taken, on disk or earlier in the
 * batch, gets a counter (`-2`, `-3` …), and the returned paths say which.
 */
export async function writePngs(
  dir: string,
  model: ModelInfo,
  items: { latent: ResolvedLatent; image: RgbaImage; name?: string | undefined }[],
  sampling?: Sampling,
): Promise<string[]> {
  await mkdir(dir, { recursive: true }); // callers with a request have checked it may be
  const files: string[] = [];
  for (const [i, item] of items.entries()) {
    const png = encodePng(item.image, metadataText(pngMetadataFor(model, item.latent, sampling)));
    files.push(await writeBesideFile(dir, pngFileName(model, item.latent, i, item.name), png));
  }
  return files;
}
