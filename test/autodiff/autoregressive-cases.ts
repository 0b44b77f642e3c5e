import type { Ops } from '../../main/engine/autodiff/ops';
import { layerDef } from '../../main/engine/nets/layers/registry';
import type { NetLayer } from '../../main/engine/nets/net-spec';
import {
  oneHot,
  pixelNll,
  tokenCrossEntropy,
} from '../../main/engine/training/families/autoregressive-losses';

/**
 * The cases of scripts/autodiff/make_autoregressive_grad_fixtures.py: each layer kind applied
 * through its LayerDef (the code training runs) with its parameters as differentiated inputs, and
 * the two losses. `fx` reads integer fixture arrays (tokens, targets) to build one-hot constants.
 */
export interface ArCase {
  inputs: string[];
  build<T>(o: Ops<T>, i: Record<string, T>, fx: (key: string) => Float32Array): T;
}

function layerCase(layer: NetLayer, params: string[]): ArCase {
  return {
    inputs: ['x', ...params],
    build<T>(o: Ops<T>, i: Record<string, T>): T {
      const ctx = { o, index: 0, mode: 'train' as const, slots: new Map<string, T>() };
      return layerDef(layer).apply(layer, i.x!, (name) => i[name]!, ctx);
    },
  };
}

const stackParams = ['vWeight', 'vBias', 'hWeight', 'hBias', 'linkWeight'];

export const AUTOREGRESSIVE_CASES: Record<string, ArCase> = {
  pixel_input_rgb: layerCase({ kind: 'pixelInput', filters: 6, kernel: 3 }, stackParams),
  pixel_input_grey: layerCase({ kind: 'pixelInput', filters: 4, kernel: 3 }, stackParams),
  gated_pixel_rgb: layerCase({ kind: 'gatedPixel', kernel: 3, colours: 3 }, [
    ...stackParams,
    'resWeight',
    'resBias',
  ]),
  pixel_output_rgb: layerCase({ kind: 'pixelOutput', hidden: 6, levels: 4, colours: 3 }, [
    'weight1',
    'bias1',
    'weight2',
    'bias2',
  ]),
  embedding: {
    inputs: ['weight'],
    build<T>(o: Ops<T>, i: Record<string, T>, fx: (key: string) => Float32Array): T {
      const x = o.constant(oneHot(fx('embedding.tokens'), 7, 10, 1), [2, 5, 7]);
      const layer: NetLayer = { kind: 'embedding', dim: 4 };
      const ctx = { o, index: 0, mode: 'train' as const, slots: new Map<string, T>() };
      return layerDef(layer).apply(layer, x, () => i.weight!, ctx);
    },
  },
  position_embedding: layerCase({ kind: 'positionEmbedding' }, ['table']),
  layer_norm: layerCase({ kind: 'layerNorm', epsilon: 1e-5 }, ['gamma', 'beta']),
  token_dense: layerCase({ kind: 'tokenDense', units: 3 }, ['weight', 'bias']),
  causal_attention: layerCase({ kind: 'causalSelfAttention', heads: 2 }, [
    'qkvWeight',
    'qkvBias',
    'outWeight',
    'outBias',
  ]),
  gelu: layerCase({ kind: 'gelu' }, []),
  pixel_nll: {
    inputs: ['logits'],
    build: (o, i, fx) =>
      // targets [2, 3, 3, 3] (N, C, H, W) → one-hot [N·C, 4 levels, H·W] = [N, C, L, H, W]
      o.reshape(
        pixelNll(
          o,
          i.logits!,
          o.constant(oneHot(fx('pixel_nll.targets'), 4, 6, 9), [2, 3, 4, 3, 3]),
        ),
        [1],
      ),
  },
  token_xent: {
    inputs: ['logits'],
    build: (o, i, fx) =>
      tokenCrossEntropy(
        o,
        i.logits!,
        o.constant(oneHot(fx('token_xent.targets'), 6, 8, 1), [2, 4, 6]),
      ),
  },
};
