import type { Ops } from '../../main/engine/autodiff/ops';
import { groupNorm, silu } from '../../main/engine/nets/composite-ops';
import type { ApplyContext } from '../../main/engine/nets/layers/layer-def';
import {
  attention,
  resBlock,
  timestepEmbedding,
  upsample,
} from '../../main/engine/nets/layers/unet-blocks';
import { meanSquare, noised, velocity } from '../../main/engine/training/families/diffusion-loss';

/**
 * The layer kinds of scripts/autodiff/make_op_grad_fixtures.py, written once against Ops so the
 * same definitions run on the ONNX compiler and on tfjs. `ints` names inputs that are integer
 * indices (not differentiated).
 */
export interface OpCase {
  inputs: string[];
  ints?: string[];
  build<T>(o: Ops<T>, i: Record<string, T>): T;
}

const conv = (s: number, p: number) => ({ strides: [s, s] as const, pads: [p, p, p, p] as const });
const req = <T>(i: Record<string, T>, k: string): T => {
  const v = i[k];
  if (v === undefined) throw new Error(`missing input ${k}`);
  return v;
};

/** Runs a registered layer kind on `x`, its parameters read from the case's inputs by `names`. */
function layer<T>(
  o: Ops<T>,
  i: Record<string, T>,
  names: Record<string, string>,
  slots: Record<string, string> = {},
): { p: (name: string) => T; ctx: ApplyContext<T> } {
  const ctx: ApplyContext<T> = {
    o,
    index: 0,
    mode: 'train',
    slots: new Map(Object.entries(slots).map(([slot, input]) => [slot, req(i, input)])),
  };
  return {
    p: (name) => {
      const input = names[name];
      if (input === undefined) throw new Error(`the case gives no parameter ${name}`);
      return req(i, input);
    },
    ctx,
  };
}

const RES_PARAMS = {
  'norm1.gamma': 'n1g',
  'norm1.beta': 'n1b',
  'conv1.weight': 'c1w',
  'conv1.bias': 'c1b',
  'temb.weight': 'tw',
  'temb.bias': 'tb',
  'norm2.gamma': 'n2g',
  'norm2.beta': 'n2b',
  'conv2.weight': 'c2w',
  'conv2.bias': 'c2b',
};
const RES_INPUTS = ['x', 'temb', ...Object.values(RES_PARAMS)];

export const OP_CASES: Record<string, OpCase> = {
  dense: {
    inputs: ['x', 'w', 'b'],
    build: (o, i) => o.dense(req(i, 'x'), req(i, 'w'), req(i, 'b')),
  },
  conv_k4s2p1: {
    inputs: ['x', 'w', 'b'],
    build: (o, i) => o.conv2d(req(i, 'x'), req(i, 'w'), req(i, 'b'), conv(2, 1)),
  },
  conv_k3s1p1: {
    inputs: ['x', 'w'],
    build: (o, i) => o.conv2d(req(i, 'x'), req(i, 'w'), null, conv(1, 1)),
  },
  conv_k4s1p0: {
    inputs: ['x', 'w'],
    build: (o, i) => o.conv2d(req(i, 'x'), req(i, 'w'), null, conv(1, 0)),
  },
  conv_k3s2p1_odd: {
    inputs: ['x', 'w'],
    build: (o, i) => o.conv2d(req(i, 'x'), req(i, 'w'), null, conv(2, 1)),
  },
  convT_k4s1p0: {
    inputs: ['x', 'w'],
    build: (o, i) => o.convTranspose2d(req(i, 'x'), req(i, 'w'), null, conv(1, 0)),
  },
  convT_k4s2p1: {
    inputs: ['x', 'w', 'b'],
    build: (o, i) => o.convTranspose2d(req(i, 'x'), req(i, 'w'), req(i, 'b'), conv(2, 1)),
  },
  bn_train4d: {
    inputs: ['x', 'gamma', 'beta'],
    build: (o, i) => o.batchNorm(req(i, 'x'), req(i, 'gamma'), req(i, 'beta'), 1e-5).y,
  },
  bn_train2d: {
    inputs: ['x', 'gamma', 'beta'],
    build: (o, i) => o.batchNorm(req(i, 'x'), req(i, 'gamma'), req(i, 'beta'), 1e-5).y,
  },
  groupnorm: {
    inputs: ['x', 'gamma', 'beta'],
    build: (o, i) => groupNorm(o, req(i, 'x'), req(i, 'gamma'), req(i, 'beta'), 2, 1e-5),
  },
  relu: { inputs: ['x'], build: (o, i) => o.relu(req(i, 'x')) },
  leakyrelu: { inputs: ['x'], build: (o, i) => o.leakyRelu(req(i, 'x'), 0.2) },
  silu: { inputs: ['x'], build: (o, i) => silu(o, req(i, 'x')) },
  tanh: { inputs: ['x'], build: (o, i) => o.tanh(req(i, 'x')) },
  sigmoid: { inputs: ['x'], build: (o, i) => o.sigmoid(req(i, 'x')) },
  softplus: { inputs: ['x'], build: (o, i) => o.softplus(req(i, 'x')) },
  depth_to_space: { inputs: ['x'], build: (o, i) => o.depthToSpace(req(i, 'x'), 2) },
  concat_add: {
    inputs: ['a', 'b'],
    build: (o, i) =>
      o.add(o.concat([req(i, 'a'), req(i, 'b')], 1), o.concat([req(i, 'b'), req(i, 'a')], 1)),
  },
  reshape_flatten: {
    inputs: ['x'],
    build: (o, i) => o.mul(o.reshape(req(i, 'x'), [2, 12]), o.scalar(2)),
  },
  softmax: { inputs: ['x'], build: (o, i) => o.softmax(req(i, 'x'), -1) },
  log_softmax: { inputs: ['x'], build: (o, i) => o.logSoftmax(req(i, 'x'), -1) },
  matmul_batched: { inputs: ['a', 'b'], build: (o, i) => o.matmul(req(i, 'a'), req(i, 'b')) },
  bce_logits: {
    inputs: ['real', 'fake'],
    build: (o, i) =>
      o.reshape(
        o.add(
          o.mean(o.softplus(o.neg(req(i, 'real'))), [0]),
          o.mean(o.softplus(req(i, 'fake')), [0]),
        ),
        [1],
      ),
  },
  hinge: {
    inputs: ['real', 'fake'],
    build: (o, i) =>
      o.reshape(
        o.add(
          o.mean(o.relu(o.sub(o.scalar(1), req(i, 'real'))), [0]),
          o.mean(o.relu(o.add(o.scalar(1), req(i, 'fake'))), [0]),
        ),
        [1],
      ),
  },
  mse: {
    inputs: ['x', 't'],
    build: (o, i) => o.reshape(o.mean(o.square(o.sub(req(i, 'x'), req(i, 't'))), [0, 1]), [1]),
  },
  vae_loss: {
    inputs: ['mean', 'logvar', 'eps', 'target'],
    build: (o, i) => {
      const [mean, logvar] = [req(i, 'mean'), req(i, 'logvar')];
      const z = o.add(mean, o.mul(o.exp(o.mul(logvar, o.scalar(0.5))), req(i, 'eps')));
      const recon = o.mean(o.sum(o.square(o.sub(o.sigmoid(z), req(i, 'target'))), [1]), [0]);
      const inner = o.sub(o.sub(o.add(o.scalar(1), logvar), o.square(mean)), o.exp(logvar));
      const kl = o.mean(o.mul(o.scalar(-0.5), o.sum(inner, [1])), [0]);
      return o.reshape(o.add(recon, kl), [1]);
    },
  },
  gather: {
    inputs: ['x'],
    ints: ['index'],
    build: (o, i) => o.gatherPixels(req(i, 'x'), req(i, 'index')),
  },
  timestep_embedding: {
    inputs: ['t'],
    build: (o, i) => {
      const { p, ctx } = layer(o, i, {});
      return timestepEmbedding.apply({ kind: 'timestepEmbedding', dim: 16 }, req(i, 't'), p, ctx);
    },
  },
  resblock_widen: {
    inputs: [...RES_INPUTS, 'sw', 'sb'],
    build: (o, i) => {
      const names = { ...RES_PARAMS, 'skip.weight': 'sw', 'skip.bias': 'sb' };
      const { p, ctx } = layer(o, i, names, { temb: 'temb' });
      const l = { kind: 'resBlock', filters: 8, groups: 2, temb: 'temb' } as const;
      return resBlock.apply(l, req(i, 'x'), p, ctx);
    },
  },
  resblock_same: {
    inputs: RES_INPUTS,
    build: (o, i) => {
      const { p, ctx } = layer(o, i, RES_PARAMS, { temb: 'temb' });
      const l = { kind: 'resBlock', filters: 4, groups: 2, temb: 'temb' } as const;
      return resBlock.apply(l, req(i, 'x'), p, ctx);
    },
  },
  attention: {
    inputs: ['x', 'ng', 'nb', 'qw', 'qb', 'kw', 'vw', 'vb', 'ow', 'ob'],
    build: (o, i) => {
      const names = {
        'norm.gamma': 'ng',
        'norm.beta': 'nb',
        'q.weight': 'qw',
        'q.bias': 'qb',
        'k.weight': 'kw',
        'v.weight': 'vw',
        'v.bias': 'vb',
        'out.weight': 'ow',
        'out.bias': 'ob',
      };
      const { p, ctx } = layer(o, i, names);
      return attention.apply({ kind: 'attention', groups: 2, heads: 2 }, req(i, 'x'), p, ctx);
    },
  },
  upsample: {
    inputs: ['x'],
    build: (o, i) => {
      const { p, ctx } = layer(o, i, {});
      return upsample.apply({ kind: 'upsample', factor: 2 }, req(i, 'x'), p, ctx);
    },
  },
  diffusion_loss: {
    inputs: ['x0', 'eps', 'pred', 'a', 'b'],
    build: (o, i) => {
      const [x0, eps, pred, a, b] = [
        req(i, 'x0'),
        req(i, 'eps'),
        req(i, 'pred'),
        req(i, 'a'),
        req(i, 'b'),
      ];
      return o.add(
        o.add(
          o.reshape(meanSquare(o, pred, velocity(o, x0, eps, a, b)), [1]),
          o.reshape(meanSquare(o, pred, eps), [1]),
        ),
        o.mul(o.reshape(o.sum(noised(o, x0, eps, a, b), [0, 1, 2, 3]), [1]), o.scalar(0.01)),
      );
    },
  },
};
