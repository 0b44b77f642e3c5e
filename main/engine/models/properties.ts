import type { ModelProperties } from '../../contract/channels';
import { detectImage, detectLatent, type Dim, type NamedShape } from './detect';
import { NotAGenerator, firstLine } from './errors';
import type { Manifest } from './manifest';
import { PROBE_COUNT, guessRange, probeLatents, type Range } from './range';

/**
 * One raw inference of exactly `count` latents, fed as [count, ...latentShape.slice(1)]; returns the
 * flat output and its concrete shape.
 */
export type RawRun = (
  z: Float32Array,
  count: number,
  latentShape: readonly number[],
) => Promise<{ data: Float32Array; shape: number[] }>;

export interface PropertySources {
  format: ModelProperties['format'];
  inputs: NamedShape[];
  /** Range implied by the graph's last activation, or null when it must be probed. */
  activationRange: Range | null;
  manifest: Manifest | null;
  run: RawRun;
  /** Runtime-specific notes for the user (e.g. "uses the first of 2 outputs"). */
  notes?: string[];
}

/**
 * The same steps for every runtime: latent from the input shape; a test run (always — it proves the
 * model runs at all, and gives the concrete output shape even when the file only has symbolic dims);
 * image layout from that shape; range from manifest, else activation, else the probe outputs.
 */
export async function resolveProperties(src: PropertySources): Promise<ModelProperties> {
  const over = src.manifest ?? {};
  const latent = detectLatent(src.inputs, over);
  const wantRange: Range | null = over.range ?? src.activationRange;
  const count = wantRange === null ? PROBE_COUNT : 1;
  const perCall = latent.batch === 'dynamic' ? count : latent.batch;
  const z = probeLatents(latent.latentDim, Math.ceil(count / perCall) * perCall);

  const outputs: Float32Array[] = [];
  let outShape: number[] = [];
  try {
    for (let i = 0; i < count; i += perCall) {
      const res = await src.run(
        z.subarray(i * latent.latentDim, (i + perCall) * latent.latentDim),
        perCall,
        latent.latentShape,
      );
      outputs.push(res.data);
      outShape = res.shape;
    }
  } catch (err) {
    throw new NotAGenerator(
      `it fails on a test latent of size ${latent.latentDim}: ${firstLine(err)}`,
    );
  }
  // Per-image shape from the real output; the batch dim shown as N, like the file would say.
  const image = detectImage([null, ...outShape.slice(1)] as Dim[], over);
  const perImage = image.channels * image.width * image.height;
  if (outShape[0] !== perCall || outputs.some((o) => o.length !== perCall * perImage)) {
    throw new NotAGenerator(
      `for ${perCall} latent(s) it returned shape [${outShape.join(',')}], not ${perCall} image(s)`,
    );
  }

  const warnings: string[] = [...(src.notes ?? [])];
  let range: Range;
  let rangeSource: ModelProperties['rangeSource'];
  if (over.range !== undefined) [range, rangeSource] = [over.range, 'manifest'];
  else if (src.activationRange !== null) [range, rangeSource] = [src.activationRange, 'activation'];
  else {
    const all = new Float32Array(outputs.length * perCall * perImage);
    outputs.forEach((o, i) => all.set(o, i * perCall * perImage));
    const guess = guessRange(all.subarray(0, count * perImage));
    [range, rangeSource] = [guess.range, 'probe'];
    warnings.push(...guess.warnings);
  }
  return {
    format: src.format,
    ...latent,
    layout: image.layout,
    channels: image.channels,
    width: image.width,
    height: image.height,
    range,
    rangeSource,
    warnings,
  };
}
