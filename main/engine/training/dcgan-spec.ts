import type { GeneratorLayer, GeneratorSpec } from '../nets/generator-spec';

export interface DcganSpecOptions {
  size: 32 | 64;
  channels: 1 | 3;
  latentDim: number;
  /** Base width; 64 keeps a 32 px generator trainable on two CPU cores. */
  width: number;
}

const EPS = 1e-3;

/** Feature width at each resolution: wide where maps are small, narrow where they are large. */
function widthAt(resolution: number, base: number): number {
  if (resolution <= 8) return base * 2;
  if (resolution <= 16) return base;
  return Math.max(8, base / 2);
}

/**
 * A DCGAN-style generator as data, upsampling by sub-pixel convolution:
 *   dense → reshape 4×4 → BN → relu →
 *   [conv3x3 producing 4·C → depthToSpace 2 → conv3x3 C → BN → relu] × k →
 *   conv3x3 → tanh,
 * with k = 3 for 32 px and 4 for 64 px. The BN/relu sits after the conv that follows each
 * depthToSpace, so the two convs of a block are not a purely linear pair.
 */
export function dcganGeneratorSpec(options: DcganSpecOptions): GeneratorSpec {
  const { size, channels, latentDim, width } = options;
  const start = widthAt(4, width);
  const layers: GeneratorLayer[] = [
    { kind: 'dense', units: 4 * 4 * start },
    { kind: 'reshape', height: 4, width: 4, channels: start },
    { kind: 'batchnorm', epsilon: EPS },
    { kind: 'relu' },
  ];
  for (let res = 8; res <= size; res *= 2) {
    const c = widthAt(res, width);
    layers.push(
      { kind: 'conv', filters: 4 * c, kernel: 3 },
      { kind: 'depthToSpace', block: 2 },
      { kind: 'conv', filters: c, kernel: 3 },
      { kind: 'batchnorm', epsilon: EPS },
      { kind: 'relu' },
    );
  }
  layers.push({ kind: 'conv', filters: channels, kernel: 3 }, { kind: 'tanh' });
  return {
    latentDim,
    layers,
    output: { height: size, width: size, channels, range: [-1, 1] },
  };
}
