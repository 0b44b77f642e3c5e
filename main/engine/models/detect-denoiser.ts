import type { TimestepInput } from '../../contract/diffusion-schemas';
import type { Dim } from './detect';
import { NotADenoiser, formatShape } from './errors';
import type { Manifest } from './manifest';

/**
 * Recognises a diffusion denoiser by its inputs, the way diffusers' UNet2DModel exports:
 * `sample` [N,C,H,W] (float32) and a timestep, [N] or a scalar, int64/int32/float. The output must
 * have the sample's shape (checked by a test run in the loader). Refusals say why in words.
 */
export interface TypedInput {
  name: string;
  shape: Dim[];
  /** onnxruntime's element type name ('float32', 'int64', …) or 'non-tensor'. */
  type: string;
}

export interface DenoiserLayout {
  sample: string;
  timestep: TimestepInput;
  channels: 1 | 3;
  height: number;
  width: number;
  batch: number | 'dynamic';
}

const TIMESTEP_TYPES = ['int64', 'int32', 'float32', 'float64'] as const;

/** Two or more inputs, one of them 4-D and one at most 1-D: shaped like a denoiser. */
export function looksLikeDenoiser(inputs: readonly TypedInput[]): boolean {
  return (
    inputs.length >= 2 &&
    inputs.some((i) => i.shape.length === 4) &&
    inputs.some((i) => i.shape.length <= 1)
  );
}

const described = (inputs: readonly TypedInput[]) =>
  inputs.map((i) => `${i.name} ${formatShape(i.shape)}`).join(', ');

function pickSample(inputs: readonly TypedInput[]): TypedInput {
  const sample =
    inputs.find((i) => i.name === 'sample') ?? inputs.find((i) => i.shape.length === 4);
  if (!sample || sample.shape.length !== 4)
    throw new NotADenoiser(
      `it has no image input [N,C,H,W] for the noisy sample (inputs: ${described(inputs)})`,
    );
  if (sample.type !== 'float32')
    throw new NotADenoiser(
      `its sample input "${sample.name}" holds ${sample.type} values; the studio feeds float32`,
    );
  return sample;
}

function timestepShape(shape: Dim[], batch: number | 'dynamic'): TimestepInput['shape'] {
  if (shape.length === 0) return 'scalar';
  return shape[0] === 1 && batch !== 1 ? 'one' : 'batch';
}

export function detectDenoiser(
  inputs: readonly TypedInput[],
  manifest: Manifest | null,
): DenoiserLayout {
  if (inputs.length > 2)
    throw new NotADenoiser(
      `it takes ${inputs.length} inputs (${described(inputs)}); the studio samples unconditional denoisers, which take only a sample and a timestep (text- or class-conditioned U-Nets are not supported)`,
    );
  const sample = pickSample(inputs);
  const other = inputs.find((i) => i !== sample);
  if (!other || other.shape.length > 1)
    throw new NotADenoiser(
      `its second input ${other ? `${other.name} ${formatShape(other.shape)}` : ''} is not a timestep ([N] or a scalar)`,
    );
  const type = TIMESTEP_TYPES.find((t) => t === other.type);
  if (!type)
    throw new NotADenoiser(
      `its timestep input "${other.name}" holds ${other.type} values; expected int64, int32 or float`,
    );

  const [n, c, h, w] = sample.shape;
  const shown = formatShape(sample.shape);
  const channels = manifest?.channels ?? c;
  if (channels !== 1 && channels !== 3)
    throw new NotADenoiser(
      channels === 4
        ? `its sample ${shown} has 4 channels: a latent-diffusion U-Net, which needs a VAE decoder the studio does not run; pixel-space denoisers have 1 or 3 channels`
        : `its sample ${shown} has ${channels ?? 'an unknown number of'} channels; images need 1 or 3`,
    );
  const height = manifest?.height ?? h;
  const width = manifest?.width ?? w;
  if (height === null || height === undefined || width === null || width === undefined)
    throw new NotADenoiser(
      `the size of its sample ${shown} is not fixed; give width and height in a manifest`,
    );
  const batch = manifest?.batch ?? n ?? 'dynamic';
  return {
    sample: sample.name,
    timestep: { name: other.name, type, shape: timestepShape(other.shape, batch) },
    channels,
    height,
    width,
    batch,
  };
}
