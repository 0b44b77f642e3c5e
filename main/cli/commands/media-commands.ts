import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../contract/channels';
import {
  EASINGS,
  pathSegmentSchema,
  type Easing,
  type PathSegment,
} from '../../contract/keyframe-path';
import { latentSpecSchema, type LatentSpec } from '../../contract/latent-spec';
import { writeFileAtomic } from '../../engine/io/atomic-write';
import { openCliContext } from '../cli-context';
import { printResult, UsageError } from '../output';
import { latentFromArg, parseNumber } from './latent-args';
import { samplingFromArgs } from './sampling-args';

export const MEDIA_USAGE = `  animate --model M --keyframes SEEDS|FILE [--durations S,..] [--easing E,..] [--method slerp|lerp]
          [--loop] [--fps F] [--scale 1-8] [--filter nearest|lanczos] [--crf Q] [--overwrite]
          [--sampler ddim|ddpm] [--steps K] [--eta E]   diffusion models (default: the model's)
          --out FILE.mp4|.webm|.gif|.png [--json]   keyframes: "1,5,9" (seeds or PNGs) or a .json file
  encode --model M IMAGE [--json]          a VAE's latent for an image (needs <model>.encoder.onnx)
  project-image --model M IMAGE [--steps N] [--seed S] [--refine K] [--out FILE.png [--overwrite]] [--json]
                                           search a latent whose image matches IMAGE; diffusion
                                           models: DDIM inversion to x_T in N DDIM steps (K
                                           fixed-point refinements per step, default 2)
  directions --model M [--count K] [--samples N] [--seed S] --out FILE.json [--json]
                                           GANSpace PCA directions`;

const formats = { mp4: 'mp4', webm: 'webm', gif: 'gif', png: 'apng', apng: 'apng' } as const;

/** A keyframes file: an array of seeds/latent specs, or { keyframes, segments? }. */
const keyframesFile = z.union([
  z.array(z.union([z.number().int().min(0), latentSpecSchema])).min(2),
  z.object({
    keyframes: z.array(z.union([z.number().int().min(0), latentSpecSchema])).min(2),
    segments: z.array(pathSegmentSchema).optional(),
  }),
]);

async function keyframesFrom(
  arg: string,
): Promise<{ keyframes: LatentSpec[]; segments?: PathSegment[] }> {
  if (/\.json$/i.test(arg)) {
    const text = await readFile(arg, 'utf8').catch(() => {
      throw new StudioError('BAD_FILE', `Cannot read "${arg}": no such file.`);
    });
    let parsed;
    try {
      parsed = keyframesFile.parse(JSON.parse(text));
    } catch (err) {
      throw new StudioError(
        'BAD_FILE',
        `"${basename(arg)}" is not a keyframes file (${(err as Error).message.split('\n')[0]}).`,
      );
    }
    const list = Array.isArray(parsed) ? parsed : parsed.keyframes;
    const keyframes = list.map((k) =>
      typeof k === 'number' ? ({ kind: 'seed', seed: k } as const) : k,
    );
    return Array.isArray(parsed) || !parsed.segments
      ? { keyframes }
      : { keyframes, segments: parsed.segments };
  }
  const parts = arg.split(',').filter(Boolean);
  if (parts.length < 2)
    throw new UsageError('--keyframes needs at least two seeds or PNGs, e.g. 1,5,9');
  return { keyframes: await Promise.all(parts.map((p) => latentFromArg(p.trim(), undefined))) };
}

function listOf<T>(
  value: string | undefined,
  count: number,
  parse: (s: string) => T,
  fallback: T,
  name: string,
): T[] {
  const items = value === undefined ? [] : value.split(',').map((s) => parse(s.trim()));
  if (items.length > 1 && items.length !== count)
    throw new UsageError(
      `--${name} needs one value or ${count} (one per segment), not ${items.length}`,
    );
  return Array.from({ length: count }, (_, i) => items[items.length === 1 ? 0 : i] ?? fallback);
}

export async function animateCommand(
  o: Record<string, string | undefined>,
  flags: { loop: boolean; overwrite: boolean },
  json: boolean,
): Promise<void> {
  if (!o.model || !o.keyframes || !o.out)
    throw new UsageError('animate needs --model, --keyframes and --out');
  const out = resolve(o.out);
  const ext = /\.(\w+)$/.exec(out)?.[1]?.toLowerCase() ?? '';
  const format = formats[ext as keyof typeof formats];
  if (!format) throw new UsageError('--out must end in .mp4, .webm, .gif or .png (APNG)');
  const { keyframes, segments: fromFile } = await keyframesFrom(o.keyframes);
  const count = flags.loop ? keyframes.length : keyframes.length - 1;
  const method = (o.method ?? 'slerp') as 'slerp' | 'lerp';
  if (method !== 'slerp' && method !== 'lerp')
    throw new UsageError('--method must be slerp or lerp');
  const durations = listOf(o.durations, count, (s) => parseNumber('durations', s), 1, 'durations');
  const easings = listOf(
    o.easing,
    count,
    (s) => {
      if (!(EASINGS as readonly string[]).includes(s))
        throw new UsageError(`--easing must be one of ${EASINGS.join(', ')}, not "${s}"`);
      return s as Easing;
    },
    flags.loop ? 'cubic' : 'ease-in-out',
    'easing',
  );
  const segments =
    fromFile ??
    durations.map((duration, i) => ({ duration, easing: easings[i]!, interpolation: method }));
  const ctx = await openCliContext();
  const optional = (name: string) =>
    o[name] === undefined ? undefined : parseNumber(name, o[name]);
  const filter = o.filter as 'nearest' | 'lanczos' | undefined;
  if (filter && filter !== 'nearest' && filter !== 'lanczos')
    throw new UsageError('--filter must be nearest or lanczos');
  const result = await ctx.call('export.video', {
    modelId: o.model,
    keyframes,
    segments,
    loop: flags.loop,
    fps: parseNumber('fps', o.fps, 24),
    format,
    scale: optional('scale'),
    filter,
    crf: optional('crf'),
    file: out,
    overwrite: flags.overwrite,
    sampling: samplingFromArgs(o),
  });
  printResult(
    json,
    result,
    () => `Wrote ${result.frames} frames (${result.width}×${result.height}) to ${result.file}`,
  );
}

export async function encodeCommand(
  image: string | undefined,
  o: Record<string, string | undefined>,
  json: boolean,
): Promise<void> {
  if (!o.model || !image) throw new UsageError('encode needs --model and an image file');
  const ctx = await openCliContext();
  const result = await ctx.call('image.encode', {
    modelId: o.model,
    image: { path: resolve(image) },
  });
  printResult(
    json,
    { z: result.z, logvar: result.logvar, source: result.source },
    () => `z (base64 float32): ${result.z}`,
  );
}

export async function projectImageCommand(
  image: string | undefined,
  o: Record<string, string | undefined>,
  json: boolean,
): Promise<void> {
  if (!o.model || !image) throw new UsageError('project-image needs --model and an image file');
  const ctx = await openCliContext();
  const steps = o.steps === undefined ? undefined : parseNumber('steps', o.steps);
  const seed = o.seed === undefined ? undefined : parseNumber('seed', o.seed);
  const refinements = o.refine === undefined ? undefined : parseNumber('refine', o.refine);
  const result = await ctx.call('image.project', {
    modelId: o.model,
    image: { path: resolve(image) },
    steps,
    seed,
    extractor: o.extractor,
    refinements,
  });
  let file: string | undefined;
  if (o.out) {
    const { files } = await ctx.call('export.batch', {
      modelId: o.model,
      items: [{ latent: result.latent, name: basename(o.out).replace(/\.png$/i, '') }],
      dir: resolve(o.out, '..'),
      template: '{name}',
      overwrite: (o as Record<string, unknown>).overwrite === true,
      sampling: result.sampling,
    });
    file = files[0];
  }
  const { frame: _, ...rest } = result;
  printResult(
    json,
    { ...rest, ...(file ? { file } : {}) },
    () =>
      `distance ${result.distance.toFixed(4)} (${result.perceptualDistance === null ? `pixel MSE of x_T sampled back with DDIM ${result.steps} steps, eta 0` : `perceptual ${result.perceptualDistance.toFixed(4)}, pixel ${result.pixelDistance.toFixed(4)}`}) after ${result.steps} steps${file ? `; image: ${file}` : ''}`,
  );
}

export async function directionsCommand(
  o: Record<string, string | undefined>,
  json: boolean,
): Promise<void> {
  if (!o.model || !o.out) throw new UsageError('directions needs --model and --out FILE.json');
  const ctx = await openCliContext();
  const features = o.features as 'auto' | 'activation' | 'image' | undefined;
  if (features && !['auto', 'activation', 'image'].includes(features))
    throw new UsageError('--features must be auto, activation or image');
  const result = await ctx.call('directions.pca', {
    modelId: o.model,
    count: parseNumber('count', o.count, 8),
    samples: o.samples === undefined ? undefined : parseNumber('samples', o.samples),
    seed: o.seed === undefined ? undefined : parseNumber('seed', o.seed),
    features,
  });
  const model = (await ctx.call('models.list', {})).models.find(
    (m) => m.id === o.model || m.path === resolve(o.model!),
  );
  const out = resolve(o.out);
  const doc = {
    model: model ? { name: model.name, sha256: model.sha256 } : { name: o.model },
    ...result,
  };
  await writeFileAtomic(out, `${JSON.stringify(doc, null, 1)}\n`);
  printResult(
    json,
    {
      file: out,
      count: result.directions.length,
      features: result.features,
      explained: result.directions.map((d) => d.explained),
    },
    () => `Wrote ${result.directions.length} directions (${result.features}) to ${out}`,
  );
}
