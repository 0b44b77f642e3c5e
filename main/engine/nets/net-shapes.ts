import { padsOf, type NetLayer, type NetSpec } from './net-spec';

/**
 * Shapes derived from a NetSpec alone: what flows between layers (per sample, batch omitted) and
 * which parameters each layer owns. A spec that does not fit together fails here, naming the
 * layer, before any runtime sees it.
 */
export type ActShape = readonly number[]; // [features] or [C, H, W]

export interface ParamInfo {
  shape: number[];
  trainable: boolean;
  /** Fresh value rule: a weight, a zero bias, a BN gamma (≈1), or a fixed constant. */
  role: 'weight' | 'bias' | 'gamma' | 'beta' | 'runningMean' | 'runningVar';
  /** Fan-in and fan-out (for Glorot init of weights). */
  fans?: [number, number];
}

function fail(i: number, layer: NetLayer, why: string): never {
  throw new Error(`Layer ${i} (${layer.kind}): ${why}.`);
}

function image(i: number, layer: NetLayer, s: ActShape): [number, number, number] {
  if (s.length !== 3) fail(i, layer, `needs an image input, got [${s.join(', ')}]`);
  return s as [number, number, number];
}

function convSize(size: number, k: number, stride: number, before: number, after: number) {
  return Math.floor((size + before + after - k) / stride) + 1;
}

/** The shape after each layer (index i = output of layer i). */
export function layerShapes(spec: NetSpec): ActShape[] {
  let s: ActShape =
    spec.input.kind === 'vector'
      ? [spec.input.size]
      : [spec.input.channels, spec.input.height, spec.input.width];
  return spec.layers.map((layer, i) => {
    s = nextShape(layer, i, s);
    return s;
  });
}

function nextShape(layer: NetLayer, i: number, s: ActShape): ActShape {
  switch (layer.kind) {
    case 'dense':
      if (s.length !== 1) fail(i, layer, `needs a vector input, got [${s.join(', ')}]`);
      return [layer.units];
    case 'unflatten':
      if (s.length !== 1 || s[0] !== layer.channels * layer.height * layer.width)
        fail(i, layer, `cannot make [${layer.channels}, ${layer.height}, ${layer.width}] of [${s.join(', ')}]`);
      return [layer.channels, layer.height, layer.width];
    case 'flatten':
      return [s.reduce((a, b) => a * b, 1)];
    case 'conv': {
      const [, h, w] = image(i, layer, s);
      const [pt, pl, pb, pr] = padsOf(layer.pad);
      const out = [layer.filters, convSize(h, layer.kernel, layer.stride, pt, pb), convSize(w, layer.kernel, layer.stride, pl, pr)];
      if (out[1]! < 1 || out[2]! < 1) fail(i, layer, `makes an empty image from [${s.join(', ')}]`);
      return out;
    }
    case 'convTranspose': {
      const [, h, w] = image(i, layer, s);
      const [pt, pl, pb, pr] = padsOf(layer.pad);
      return [
        layer.filters,
        layer.stride * (h - 1) + layer.kernel - pt - pb,
        layer.stride * (w - 1) + layer.kernel - pl - pr,
      ];
    }
    case 'groupnorm':
      if (image(i, layer, s)[0] % layer.groups !== 0)
        fail(i, layer, `${s[0]} channels do not split into ${layer.groups} groups`);
      return s;
    case 'depthToSpace': {
      const [c, h, w] = image(i, layer, s);
      const b2 = layer.block * layer.block;
      if (c % b2 !== 0) fail(i, layer, `${c} channels do not divide by ${b2}`);
      return [c / b2, h * layer.block, w * layer.block];
    }
    case 'minibatchStd': {
      const [c, h, w] = image(i, layer, s);
      return [c + 1, h, w];
    }
    default:
      return s;
  }
}

/** Every parameter of the spec by name ("<layer>.<role>"), in layer order. */
export function paramInfos(spec: NetSpec): Map<string, ParamInfo> {
  const out = new Map<string, ParamInfo>();
  const shapes = layerShapes(spec);
  const inputOf = (i: number): ActShape =>
    i === 0
      ? spec.input.kind === 'vector'
        ? [spec.input.size]
        : [spec.input.channels, spec.input.height, spec.input.width]
      : shapes[i - 1]!;
  spec.layers.forEach((layer, i) => {
    const put = (role: ParamInfo['role'], shape: number[], fans?: [number, number]) =>
      out.set(`${i}.${role}`, {
        shape,
        trainable: role !== 'runningMean' && role !== 'runningVar',
        role,
        ...(fans && { fans }),
      });
    const inShape = inputOf(i);
    switch (layer.kind) {
      case 'dense':
        put('weight', [inShape[0]!, layer.units], [inShape[0]!, layer.units]);
        if (layer.bias !== false) put('bias', [layer.units]);
        break;
      case 'conv': {
        const k2 = layer.kernel * layer.kernel;
        put('weight', [layer.filters, inShape[0]!, layer.kernel, layer.kernel], [inShape[0]! * k2, layer.filters * k2]);
        if (layer.bias !== false) put('bias', [layer.filters]);
        break;
      }
      case 'convTranspose': {
        const k2 = layer.kernel * layer.kernel;
        put('weight', [inShape[0]!, layer.filters, layer.kernel, layer.kernel], [inShape[0]! * k2, layer.filters * k2]);
        if (layer.bias !== false) put('bias', [layer.filters]);
        break;
      }
      case 'batchnorm':
      case 'groupnorm': {
        const c = inShape[0]!;
        put('gamma', [c]);
        put('beta', [c]);
        if (layer.kind === 'batchnorm') {
          put('runningMean', [c]);
          put('runningVar', [c]);
        }
        break;
      }
      default:
        break;
    }
  });
  return out;
}

export function outputShape(spec: NetSpec): ActShape {
  const shapes = layerShapes(spec);
  return shapes[shapes.length - 1] ?? [];
}
