import { basename, resolve } from 'node:path';
import { StudioError } from '../../contract/channels';
import { gridSeeds } from '../../engine/latent/resolve';
import { readPngMetadata } from '../../engine/image/png-metadata';
import { readInputFile } from '../../engine/io/read-input';
import { animationFormatOf } from '../../engine/export/export-animation';
import { describeSampling } from '../../engine/diffusion/sampling-settings';
import { openCliContext } from '../cli-context';
import { printResult, UsageError } from '../output';
import { MAX_EXPORT_COUNT, MAX_STRIP_FRAMES } from '../../contract/channels';
import { latentFromArg, MAX_PNG_BYTES, MAX_SEED, parseInteger, parseNumber } from './latent-args';
import { describeUsed, latentsFromNpy, samplingFromArgs } from './sampling-args';

export async function sampleCommand(
  o: Record<string, string | undefined>,
  json: boolean,
): Promise<void> {
  if (!o.model || !o.out) throw new UsageError('sample needs --model and --out');
  const sampling = samplingFromArgs(o);
  if (o.latent !== undefined) return sampleLatentFile(o.model, o.latent, o.out, sampling, json);
  const seed = parseInteger('seed', o.seed, { max: MAX_SEED, fallback: 0 });
  const count = parseInteger('count', o.count, { min: 1, max: MAX_EXPORT_COUNT, fallback: 1 });
  // Seeds S … S+N-1 are the images' names and provenance: they never wrap around past 2^32-1.
  if (seed + count - 1 > MAX_SEED)
    throw new UsageError(
      `--seed ${seed} with --count ${count} would run past the last seed, ${MAX_SEED}: lower one of them`,
    );
  const truncation =
    o.truncation === undefined ? undefined : parseNumber('truncation', o.truncation);
  const ctx = await openCliContext();
  const seeds = gridSeeds(seed, count);
  const items = seeds.map((s) => ({ latent: { kind: 'seed' as const, seed: s, truncation } }));
  const { files, sampling: used } = await ctx.call('export.images', {
    modelId: o.model,
    items,
    dir: resolve(o.out),
    sampling,
  });
  printResult(json, { files, seeds, ...(used && { sampling: used }) }, () =>
    files.map((f, i) => `seed ${seeds[i]}: ${f}${describeUsed(used)}`).join('\n'),
  );
}

/** `sample --latent FILE.npy`: exactly the latents in the file, one image per row. */
async function sampleLatentFile(
  model: string,
  file: string,
  out: string,
  sampling: ReturnType<typeof samplingFromArgs>,
  json: boolean,
): Promise<void> {
  const latents = await latentsFromNpy(file);
  const ctx = await openCliContext();
  const { files, sampling: used } = await ctx
    .call('export.images', {
      modelId: model,
      items: latents.map((latent) => ({ latent })),
      dir: resolve(out),
      sampling,
    })
    .catch((err: unknown) => {
      // "The latent has 12 values but this model expects 16" gains the file it came from.
      if (err instanceof StudioError && err.code === 'BAD_REQUEST')
        throw new StudioError('BAD_FILE', `"${basename(file)}": ${err.message}`);
      throw err;
    });
  printResult(json, { files, latents: latents.length, ...(used && { sampling: used }) }, () =>
    files.map((f, i) => `latent ${i}: ${f}${describeUsed(used)}`).join('\n'),
  );
}

export async function interpolateCommand(
  o: Record<string, string | undefined>,
  json: boolean,
  overwrite = false,
): Promise<void> {
  if (!o.model || !o.from || !o.to || !o.out)
    throw new UsageError('interpolate needs --model, --from, --to and --out');
  const frames = parseInteger('frames', o.frames, { min: 2, max: MAX_STRIP_FRAMES, fallback: 8 });
  const method = (o.method ?? 'slerp') as 'slerp' | 'lerp';
  if (method !== 'slerp' && method !== 'lerp')
    throw new UsageError('--method must be slerp or lerp');
  const truncation =
    o.truncation === undefined ? undefined : parseNumber('truncation', o.truncation);
  const waypoints = [
    await latentFromArg(o.from, truncation),
    await latentFromArg(o.to, truncation),
  ];
  const sampling = samplingFromArgs(o);
  const ctx = await openCliContext();
  const out = resolve(o.out);
  const format = animationFormatOf(out);
  if (format) {
    const fps = parseNumber('fps', o.fps, 12);
    const { file } = await ctx.call('export.animation', {
      modelId: o.model,
      waypoints,
      frames,
      method,
      format,
      fps,
      file: out,
      overwrite,
      sampling,
    });
    printResult(json, { file, frames }, () => `Wrote ${frames} frames to ${file}`);
    return;
  }
  const { files } = await ctx.call('export.frames', {
    modelId: o.model,
    waypoints,
    frames,
    method,
    dir: out,
    sampling,
  });
  printResult(json, { files }, () => `Wrote ${files.length} frames to ${out}`);
}

export async function infoCommand(path: string, json: boolean): Promise<void> {
  const bytes = await readInputFile(path, MAX_PNG_BYTES);
  const metadata = readPngMetadata(bytes, basename(path));
  if (!metadata)
    throw new StudioError('BAD_FILE', `"${basename(path)}" has no Latent Studio metadata`);
  printResult(json, metadata, () =>
    [
      `model     ${metadata.modelName} (sha256 ${metadata.modelSha256.slice(0, 16)}…)`,
      `seed      ${metadata.seed ?? '(none: a blended or restored latent)'}`,
      `truncation ${metadata.truncation ?? 'none'}`,
      `latent    ${metadata.latentDim} floats${metadata.sampling ? ' (x_T, the starting noise)' : ''}`,
      ...(metadata.sampling ? [`sampling  ${describeSampling(metadata.sampling)}`] : []),
      `app       ${metadata.app} ${metadata.appVersion}`,
    ].join('\n'),
  );
}
