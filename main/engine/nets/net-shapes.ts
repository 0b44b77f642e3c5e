import { layerDef } from './layers/registry';
import type { ActShape, ParamSpec } from './layers/layer-def';
import { inputShape, type NetSpec } from './net-spec';

/**
 * Shapes derived from a NetSpec alone: what flows between layers (per sample, batch omitted) and
 * which parameters each layer owns. A spec that does not fit together fails here, naming the
 * layer, before any runtime sees it.
 */
export type { ActShape } from './layers/layer-def';

export interface ParamInfo extends ParamSpec {
  trainable: boolean;
}

interface Walk {
  /** Input shape of each layer. */
  inputs: ActShape[];
  /** Output shape of each layer. */
  outputs: ActShape[];
  params: Map<string, ParamInfo>;
}

const walks = new WeakMap<NetSpec, Walk>();

function walk(spec: NetSpec): Walk {
  const cached = walks.get(spec);
  if (cached) return cached;
  const slots = new Map<string, ActShape>(
    Object.entries(spec.extraInputs ?? {}).map(([name, input]) => [name, inputShape(input)]),
  );
  const w: Walk = { inputs: [], outputs: [], params: new Map() };
  let s: ActShape = inputShape(spec.input);
  spec.layers.forEach((layer, index) => {
    const def = layerDef(layer);
    const ctx = { index, slots };
    w.inputs.push(s);
    for (const [name, p] of Object.entries(def.params?.(layer, s, ctx) ?? {}))
      w.params.set(`${index}.${name}`, { ...p, trainable: p.frozen !== true });
    s = def.shape(layer, s, ctx);
    w.outputs.push(s);
  });
  walks.set(spec, w);
  return w;
}

/** The shape after each layer (index i = output of layer i). */
export function layerShapes(spec: NetSpec): ActShape[] {
  return walk(spec).outputs;
}

/** The shape going into each layer. */
export function layerInputShapes(spec: NetSpec): ActShape[] {
  return walk(spec).inputs;
}

/** Every parameter of the spec by name ("<layer>.<name>"), in layer order. */
export function paramInfos(spec: NetSpec): Map<string, ParamInfo> {
  return walk(spec).params;
}

export function outputShape(spec: NetSpec): ActShape {
  const shapes = layerShapes(spec);
  return shapes[shapes.length - 1] ?? inputShape(spec.input);
}
