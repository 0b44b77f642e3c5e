import { layerError, type LayerDef } from './layer-def';

/**
 * Named values for networks that are not a single chain (U-Net skips, a second input such as a
 * timestep embedding): `save` keeps the current value under a name, `load` continues from a
 * named value, `concat` joins one along the channels (axis 1), `add` adds one.
 */
export type SlotLayer =
  | { kind: 'save'; slot: string }
  | { kind: 'load'; slot: string }
  | { kind: 'concat'; slot: string }
  | { kind: 'add'; slot: string };

function need<S>(slots: Map<string, S>, name: string, index: number, kind: string): S {
  const v = slots.get(name);
  if (v === undefined) throw layerError(index, kind, `no value named "${name}" (save it first)`);
  return v;
}

export const save: LayerDef<{ kind: 'save'; slot: string }> = {
  shape(l, s, ctx) {
    ctx.slots.set(l.slot, s);
    return s;
  },
  apply(l, x, _p, ctx) {
    ctx.slots.set(l.slot, x);
    return x;
  },
};

export const load: LayerDef<{ kind: 'load'; slot: string }> = {
  shape: (l, _s, ctx) => need(ctx.slots, l.slot, ctx.index, l.kind),
  apply: (l, _x, _p, ctx) => need(ctx.slots, l.slot, ctx.index, l.kind),
};

export const concat: LayerDef<{ kind: 'concat'; slot: string }> = {
  shape(l, s, ctx) {
    const other = need(ctx.slots, l.slot, ctx.index, l.kind);
    if (other.length !== s.length || other.slice(1).join() !== s.slice(1).join())
      throw layerError(ctx.index, l.kind, `cannot join [${other.join(', ')}] to [${s.join(', ')}]`);
    return [s[0]! + other[0]!, ...s.slice(1)];
  },
  apply: (l, x, _p, ctx) => ctx.o.concat([x, need(ctx.slots, l.slot, ctx.index, l.kind)], 1),
};

export const add: LayerDef<{ kind: 'add'; slot: string }> = {
  shape(l, s, ctx) {
    const other = need(ctx.slots, l.slot, ctx.index, l.kind);
    if (other.join() !== s.join())
      throw layerError(ctx.index, l.kind, `cannot add [${other.join(', ')}] to [${s.join(', ')}]`);
    return s;
  },
  apply: (l, x, _p, ctx) => ctx.o.add(x, need(ctx.slots, l.slot, ctx.index, l.kind)),
};
