import { StudioError, type ModelInfo, type Sampling } from '../../contract/channels';
import type { SamplingRequest } from '../../contract/diffusion-schemas';
import type { LatentSpec } from '../../contract/latent-spec';
import type { Lineage } from '../../contract/project-schemas';
import type { ResizeFilter } from '../export/resize-frames';
import { pngMetadataFor } from '../export/export-images';
import {
  checkTemplate,
  DEFAULT_TEMPLATE,
  fileNameFromTemplate,
  safePart,
} from '../export/naming-template';
import { outputSize, resizeFrame } from '../export/resize-frames';
import { encodePng } from '../image/png';
import { metadataText } from '../image/png-metadata';
import { resolveLatent, type ResolvedLatent } from '../latent/resolve';
import type { Generator } from '../models/generator';
import { renderAsJob, samplingUsed } from './render-job';
import type { StudioContext } from './studio-context';

/** What a PNG batch asks for, whether it goes into a folder (export.batch) or a download. */
export interface BatchRequest {
  items: { latent: LatentSpec; name?: string | undefined; lineage?: Lineage | undefined }[];
  template?: string | undefined;
  scale?: number | undefined;
  filter?: ResizeFilter | undefined;
  sampling?: SamplingRequest | undefined;
  jobId?: string | undefined;
}

export interface NamedBatch {
  resolved: ResolvedLatent[];
  /** One file name per item, from the template; distinct (a clash is refused in words). */
  names: string[];
}

/** The items' latents and their file names, checked before anything is rendered. */
export function nameBatch(
  info: ModelInfo,
  generator: Generator,
  request: BatchRequest,
): NamedBatch {
  const template = request.template ?? DEFAULT_TEMPLATE;
  checkTemplate(template);
  const resolved = request.items.map((item) =>
    resolveLatent(item.latent, generator.props.latentDim),
  );
  const date = new Date();
  const names = resolved.map((latent, index) =>
    fileNameFromTemplate(template, {
      model: safePart(info.name),
      seed: latent.seed,
      index,
      name: request.items[index]!.name,
      date,
    }),
  );
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate)
    throw new StudioError(
      'BAD_REQUEST',
      `The name template gives two images the same name (${duplicate}); add {index} to it.`,
    );
  return { resolved, names };
}

/**
 * Renders the batch and encodes each image as a PNG at the chosen size, carrying its latent, its
 * recipe (for derived latents), its lineage and, for a diffusion model, the sampler that made it.
 * `each` receives the PNGs one by one, so a folder export writes as it goes.
 */
export async function renderBatchPngs(
  ctx: StudioContext,
  info: ModelInfo,
  generator: Generator,
  request: BatchRequest,
  batch: NamedBatch,
  each: (png: Uint8Array, index: number) => Promise<void>,
): Promise<Sampling | undefined> {
  const used = samplingUsed(generator, request.sampling);
  const images = await renderAsJob(
    ctx,
    generator,
    batch.resolved.map((r) => r.z),
    request.jobId,
    'Exporting',
    used,
  );
  const size = outputSize(request);
  for (const [i, image] of images.entries()) {
    const big = await resizeFrame(image, size);
    const item = request.items[i]!;
    const meta = {
      ...pngMetadataFor(info, batch.resolved[i]!, used),
      ...(item.latent.kind === 'seed' || item.latent.kind === 'z' ? {} : { recipe: item.latent }),
      ...(item.lineage ? { lineage: item.lineage } : {}),
    };
    await each(encodePng(big, metadataText(meta)), i);
  }
  return used;
}
