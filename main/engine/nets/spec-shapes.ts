/**
 * Walks a GeneratorSpec with its weights and checks that they fit together before anything is
 * exported: every layer gets the tensor kind it needs (dense/reshape a flat vector, conv and
 * depthToSpace an image), every weight has the shape its layer implies, no weight is unknown (a
 * misspelt "biases" would otherwise silently become a zero bias), and the last layer produces
 * exactly spec.output. Failures are BAD_REQUEST StudioErrors naming the layer.
 */
import { StudioError } from '../../contract/channels';
import type { GeneratorLayer, GeneratorSpec, GeneratorWeights } from './generator-spec';

/** Per-image shape between layers (batch omitted); images are NHWC, as in tfjs. */
export type LayerShape =
  | { kind: 'flat'; units: number }
  | { kind: 'image'; height: number; width: number; channels: number };

/** Weight names each layer kind may have; the `true` ones are required. */
const WEIGHT_NAMES: Partial<Record<GeneratorLayer['kind'], Record<string, boolean>>> = {
  dense: { kernel: true, bias: false },
  conv: { kernel: true, bias: false },
  batchnorm: { gamma: false, beta: false, movingMean: true, movingVariance: true },
};

function fail(index: number, layer: GeneratorLayer | null, reason: string): never {
  const where = layer === null ? 'the generator spec' : `layer ${index} (${layer.kind})`;
  throw new StudioError('BAD_REQUEST', `${where}: ${reason}`);
}

const same = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

function checkWeights(
  weights: GeneratorWeights,
  index: number,
  layer: GeneratorLayer,
  want: Record<string, number[]>,
): void {
  const names = WEIGHT_NAMES[layer.kind] ?? {};
  const given = weights[index] ?? {};
  for (const [name, w] of Object.entries(given)) {
    if (!(name in names)) fail(index, layer, `unexpected weight "${name}"`);
    const shape = want[name]!;
    if (!same(w.shape, shape))
      fail(index, layer, `${name} has shape [${w.shape.join(',')}], expected [${shape.join(',')}]`);
    if (w.data.length !== shape.reduce((a, d) => a * d, 1))
      fail(index, layer, `${name} has ${w.data.length} values for shape [${shape.join(',')}]`);
  }
  for (const [name, required] of Object.entries(names))
    if (required && given[name] === undefined) fail(index, layer, `missing weight "${name}"`);
}

const positiveInt = (n: number) => Number.isInteger(n) && n > 0;

/** The input shape of every layer, plus the final output shape; throws when anything does not fit. */
export function traceSpecShapes(
  spec: GeneratorSpec,
  weights: GeneratorWeights,
): { inputs: LayerShape[]; output: LayerShape } {
  if (!positiveInt(spec.latentDim))
    fail(0, null, `latentDim ${spec.latentDim} is not a positive whole number`);
  let shape: LayerShape = { kind: 'flat', units: spec.latentDim };
  const inputs: LayerShape[] = [];
  for (const [i, layer] of spec.layers.entries()) {
    inputs.push(shape);
    const perFeature = shape.kind === 'flat' ? shape.units : shape.channels;
    const image = (): Extract<LayerShape, { kind: 'image' }> =>
      shape.kind === 'image'
        ? shape
        : fail(i, layer, 'needs an image input, got a flat vector (missing reshape?)');
    switch (layer.kind) {
      case 'dense': {
        if (shape.kind !== 'flat') fail(i, layer, 'needs a flat input, got an image');
        if (!positiveInt(layer.units))
          fail(i, layer, `units ${layer.units} is not a positive whole number`);
        checkWeights(weights, i, layer, {
          kernel: [shape.units, layer.units],
          bias: [layer.units],
        });
        shape = { kind: 'flat', units: layer.units };
        break;
      }
      case 'reshape': {
        const { height, width, channels } = layer;
        if (
          shape.kind !== 'flat' ||
          shape.units !== height * width * channels ||
          ![height, width, channels].every(positiveInt)
        )
          fail(
            i,
            layer,
            `cannot reshape ${shape.kind === 'flat' ? shape.units : 'an image'} into ${height}x${width}x${channels}`,
          );
        shape = { kind: 'image', height, width, channels };
        break;
      }
      case 'conv': {
        const img = image();
        if (!positiveInt(layer.filters) || !positiveInt(layer.kernel))
          fail(i, layer, 'filters and kernel must be positive whole numbers');
        checkWeights(weights, i, layer, {
          kernel: [layer.kernel, layer.kernel, img.channels, layer.filters],
          bias: [layer.filters],
        });
        shape = { ...img, channels: layer.filters };
        break;
      }
      case 'batchnorm': {
        if (!(layer.epsilon >= 0)) fail(i, layer, `epsilon ${layer.epsilon} must be >= 0`);
        const c = [perFeature];
        checkWeights(weights, i, layer, { gamma: c, beta: c, movingMean: c, movingVariance: c });
        break;
      }
      case 'depthToSpace': {
        const img = image();
        const b = layer.block;
        if (!positiveInt(b) || img.channels % (b * b) !== 0)
          fail(i, layer, `${img.channels} channels do not split into blocks of ${b}x${b}`);
        shape = {
          kind: 'image',
          height: img.height * b,
          width: img.width * b,
          channels: img.channels / (b * b),
        };
        break;
      }
      case 'leakyrelu':
        if (!Number.isFinite(layer.alpha)) fail(i, layer, `alpha ${layer.alpha} is not a number`);
        break;
    }
    if (WEIGHT_NAMES[layer.kind] === undefined && Object.keys(weights[i] ?? {}).length > 0)
      fail(i, layer, 'takes no weights');
  }
  const out = spec.output;
  if (
    shape.kind !== 'image' ||
    shape.height !== out.height ||
    shape.width !== out.width ||
    shape.channels !== out.channels
  ) {
    const got =
      shape.kind === 'image'
        ? `${shape.height}x${shape.width}x${shape.channels}`
        : `a flat vector of ${shape.units}`;
    fail(
      0,
      null,
      `the layers produce ${got}, but output says ${out.height}x${out.width}x${out.channels}`,
    );
  }
  return { inputs, output: shape };
}
