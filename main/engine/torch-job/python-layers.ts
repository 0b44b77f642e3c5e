import type { ActShape } from '../nets/layers/layer-def';
import { padsOf, type NetLayer } from '../nets/net-spec';

/**
 * How each layer kind of the NetSpec registry (nets/layers/registry.ts) is written in PyTorch:
 * the module it owns (when it has parameters, registered under its layer index so its state-dict
 * names are the app's "<layer>.<name>") and its line of the generated forward(). The runtime
 * helpers (`L.*`) live in assets/torch-job/latent_job/layers.py.
 *
 * The table is typed over every kind, so adding a kind to the registry fails to compile until it
 * is written here too; a nets.json from a newer version with an unknown kind fails in words.
 */
export interface PyLayer {
  /** Python expression constructing the layer's module, if it has parameters. */
  module?: string;
  /** One line of forward(): reads and assigns `x`; `m` holds the modules, `slots` named values. */
  forward: string;
}
interface PyContext {
  index: number;
  input: ActShape;
  output: ActShape;
}
type PyGen<L> = (layer: L, ctx: PyContext) => PyLayer;
// Partial: the job knows the GAN and VAE layers; a U-Net's or an autoregressive net's kinds are
// refused in words by pyLayer (the job exports GAN and VAE runs).
type PyTable = { [K in NetLayer['kind']]?: PyGen<Extract<NetLayer, { kind: K }>> };

/** A JS number as a Python literal (finite numbers only: specs hold no NaN or infinity). */
export function pyNumber(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`${v} cannot be written as a Python number.`);
  return String(v); // JS prints 1e-7, 0.00001, 0.2: all valid Python literals
}
const pyBool = (v: boolean) => (v ? 'True' : 'False');
/** A string literal (JSON escapes are valid Python escapes). */
export const pyString = (s: string): string => JSON.stringify(s);
const mod = (ctx: PyContext) => `m[${pyString(String(ctx.index))}]`;
const channels = (s: ActShape) => s[0]!;
const need = (slot: string, ctx: PyContext, kind: string) =>
  `L.need(slots, ${pyString(slot)}, ${ctx.index}, ${pyString(kind)})`;

const conv =
  (cls: 'Conv2d' | 'ConvTranspose2d') =>
  (
    l: {
      filters: number;
      kernel: number;
      stride: number;
      pad: Parameters<typeof padsOf>[0];
      bias?: boolean;
    },
    ctx: PyContext,
  ): PyLayer => ({
    module: `L.${cls}(${channels(ctx.input)}, ${l.filters}, kernel=${l.kernel}, stride=${l.stride}, pads=(${padsOf(l.pad).join(', ')}), bias=${pyBool(l.bias !== false)})`,
    forward: `x = ${mod(ctx)}(x)`,
  });

export const PY_LAYERS: PyTable = {
  dense: (l, ctx) => ({
    module: `L.Dense(${ctx.input[0]!}, ${l.units}, bias=${pyBool(l.bias !== false)})`,
    forward: `x = ${mod(ctx)}(x)`,
  }),
  unflatten: (l) => ({
    forward: `x = L.unflatten(x, ${l.channels}, ${l.height}, ${l.width}, order=${pyString(l.order ?? 'chw')})`,
  }),
  flatten: (l) => ({ forward: `x = L.flatten(x, order=${pyString(l.order ?? 'chw')})` }),
  conv: conv('Conv2d'),
  convTranspose: conv('ConvTranspose2d'),
  depthToSpace: (l) => ({ forward: `x = L.depth_to_space(x, ${l.block})` }),
  batchnorm: (l, ctx) => ({
    module: `L.BatchNorm(${channels(ctx.input)}, eps=${pyNumber(l.epsilon)}, momentum=${pyNumber(l.momentum)})`,
    forward: `x = ${mod(ctx)}(x, mode, stats)`,
  }),
  groupnorm: (l, ctx) => ({
    module: `L.GroupNorm(${channels(ctx.input)}, groups=${l.groups}, eps=${pyNumber(l.epsilon)})`,
    forward: `x = ${mod(ctx)}(x)`,
  }),
  relu: () => ({ forward: 'x = torch.relu(x)' }),
  leakyrelu: (l) => ({ forward: `x = F.leaky_relu(x, ${pyNumber(l.alpha)})` }),
  tanh: () => ({ forward: 'x = torch.tanh(x)' }),
  sigmoid: () => ({ forward: 'x = torch.sigmoid(x)' }),
  silu: () => ({ forward: 'x = L.silu(x)' }),
  minibatchStd: (l) => ({ forward: `x = L.minibatch_std(x, ${l.groupSize})` }),
  save: (l) => ({ forward: `slots[${pyString(l.slot)}] = x` }),
  load: (l, ctx) => ({ forward: `x = ${need(l.slot, ctx, 'load')}` }),
  concat: (l, ctx) => ({ forward: `x = torch.cat([x, ${need(l.slot, ctx, 'concat')}], dim=1)` }),
  add: (l, ctx) => ({ forward: `x = x + ${need(l.slot, ctx, 'add')}` }),
};

/** The Python of one layer; a kind this version does not know fails in words. */
export function pyLayer(layer: NetLayer, ctx: PyContext, net: string): PyLayer {
  const gen = (PY_LAYERS as Record<string, PyGen<NetLayer> | undefined>)[layer.kind];
  if (!gen)
    throw new Error(
      `Layer ${ctx.index} (${String(layer.kind)}) of network "${net}": the PyTorch job export does not know this layer kind yet (it knows ${Object.keys(PY_LAYERS).join(', ')}).`,
    );
  return gen(layer, ctx);
}
