import type { ModelProperties } from '../../contract/channels';
import { NotAGenerator, formatShape } from './errors';

/**
 * Works out what a model is from its input and output shapes alone, so any runtime (ONNX, tfjs)
 * shares one set of rules. Unknown sizes (symbolic ONNX dims, tfjs nulls) are null. Refusals are
 * NotAGenerator errors whose message is the reason in words; the loader adds the file name.
 */
export type Dim = number | null;
export interface NamedShape {
  name: string;
  shape: Dim[];
}
export type LatentProps = Pick<ModelProperties, 'latentShape' | 'latentDim' | 'batch'>;
export type ImageProps = Pick<ModelProperties, 'layout' | 'channels' | 'width' | 'height'>;
/** What a manifest may force; every field optional. */
export type ShapeOverrides = Partial<
  Pick<ModelProperties, 'latentDim' | 'batch' | 'layout' | 'channels' | 'width' | 'height'>
>;

/** Runtimes report unknown sizes as strings ('batch'), -1, 0 or null; fold them all to null. */
export function normaliseShape(shape: readonly (number | string | null | undefined)[]): Dim[] {
  return shape.map((d) => (typeof d === 'number' && Number.isInteger(d) && d > 0 ? d : null));
}

/** Smallest image side we accept: below this an output is a vector of scores, not a picture. */
const MIN_SIDE = 4;

export function detectLatent(
  inputs: readonly NamedShape[],
  over: ShapeOverrides = {},
): LatentProps {
  if (inputs.length === 0) throw new NotAGenerator('it has no inputs');
  if (inputs.length > 1) {
    const names = inputs.map((i) => `${i.name} ${formatShape(i.shape)}`).join(', ');
    throw new NotAGenerator(
      `it takes ${inputs.length} inputs (${names}); a generator takes one latent vector`,
    );
  }
  const shape = inputs[0]!.shape;
  const [batchDim, ...rest] = shape;
  let dimIndex: number;
  if (rest.length === 1) dimIndex = 1;
  else if (rest.length === 3 && rest[1] === 1 && rest[2] === 1)
    dimIndex = 1; // DCGAN style [N,d,1,1]
  else if (rest.length === 3 && rest[0] === 1 && rest[1] === 1)
    dimIndex = 3; // channels-last [N,1,1,d]
  else if (rest.length === 3)
    throw new NotAGenerator(`it takes an image input ${formatShape(shape)}`);
  else
    throw new NotAGenerator(
      `its input ${formatShape(shape)} is not a latent vector ([N,d] or [N,d,1,1])`,
    );

  const detectedDim = shape[dimIndex] ?? null;
  if (over.latentDim !== undefined && detectedDim !== null && over.latentDim !== detectedDim) {
    throw new NotAGenerator(
      `the manifest says latentDim ${over.latentDim} but its input is ${formatShape(shape)}`,
    );
  }
  const latentDim = over.latentDim ?? detectedDim;
  if (latentDim === null) {
    throw new NotAGenerator(
      `the size of its latent input ${formatShape(shape)} is not fixed; give latentDim in a manifest`,
    );
  }
  const batch = over.batch ?? batchDim ?? 'dynamic';
  // latentShape is the full input shape, with -1 for a dynamic batch (the ONNX convention).
  const latentShape = shape.map((d, i) =>
    i === 0 ? (batch === 'dynamic' ? -1 : batch) : i === dimIndex ? latentDim : (d ?? 1),
  );
  return { latentShape, latentDim, batch };
}

const isChannels = (d: Dim | undefined): d is 1 | 3 => d === 1 || d === 3;

/**
 * Image layout from a concrete output shape (batch first). Channel position decides NCHW vs
 * NHWC; a 2-D output must factor as side*side*channels; [N,H,W] is read as one-channel NHWC.
 * 'flat' means each image is height*width*channels values in row-major, channel-last order (the
 * memory order of NHWC), which is how dense-output generators reshape in practice.
 */
export function detectImage(outputShape: readonly Dim[], over: ShapeOverrides = {}): ImageProps {
  const rest = outputShape.slice(1);
  const shown = formatShape(outputShape);
  // No ambiguity check is needed: if both axis 1 and the last axis were 1 or 3, one of them would
  // be a side of at most 3 pixels, which MIN_SIDE refuses anyway.
  let layout = over.layout;
  if (layout === undefined) {
    if (rest.length === 1) layout = 'flat';
    else if (rest.length === 2)
      layout = 'NHWC'; // [N,H,W]: one-channel, same memory order as NHWC
    else if (rest.length === 3 && isChannels(rest[0])) layout = 'NCHW';
    else if (rest.length === 3 && isChannels(rest[2])) layout = 'NHWC';
    else if (rest.length === 3)
      throw new NotAGenerator(
        `its output ${shown} is not an image: neither axis 1 nor the last axis has 1 or 3 channels`,
      );
    else throw new NotAGenerator(`its output ${shown} is not an image`);
  }

  let channels: Dim;
  let height: Dim;
  let width: Dim;
  if (layout === 'flat') {
    const n = rest.reduce<number>((a, d) => a * (d ?? NaN), 1);
    [channels, height, width] = factorFlat(n, over);
    if (channels === null) {
      throw new NotAGenerator(
        `its output ${shown} is not an image (${n} values do not form a square picture with 1 or 3 channels)`,
      );
    }
  } else if (rest.length === 2) {
    [channels, height, width] = [1, rest[0]!, rest[1]!];
  } else if (rest.length === 3) {
    [channels, height, width] =
      layout === 'NCHW' ? [rest[0]!, rest[1]!, rest[2]!] : [rest[2]!, rest[0]!, rest[1]!];
  } else {
    throw new NotAGenerator(`its output ${shown} is not an image`);
  }
  channels = over.channels ?? channels;
  height = over.height ?? height;
  width = over.width ?? width;
  if (!isChannels(channels))
    throw new NotAGenerator(
      `its output ${shown} has ${channels ?? 'unknown'} channels; images need 1 or 3`,
    );
  if (height === null || width === null || height < MIN_SIDE || width < MIN_SIDE) {
    throw new NotAGenerator(`its output ${shown} is not an image (too small or unknown size)`);
  }
  const perImage = rest.reduce<number>((a, d) => a * (d ?? NaN), 1);
  if (perImage !== channels * height * width) {
    throw new NotAGenerator(
      `its output ${shown} does not hold ${width}x${height}x${channels} images`,
    );
  }
  return { layout, channels, width, height };
}

/** n = side*side*c has at most one solution with c in {1,3} (3 is not a square), unless a manifest says. */
function factorFlat(n: number, over: ShapeOverrides): [Dim, Dim, Dim] {
  if (over.width !== undefined && over.height !== undefined) {
    const c = over.channels ?? n / (over.width * over.height);
    return [isChannels(c) ? c : null, over.height, over.width];
  }
  for (const c of over.channels !== undefined ? [over.channels] : [3, 1]) {
    const side = Math.round(Math.sqrt(n / c));
    if (side * side * c === n) return [c, side, side];
  }
  return [null, null, null];
}
