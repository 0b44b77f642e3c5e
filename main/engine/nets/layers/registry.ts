import type { LayerDef } from './layer-def';
import * as activation from './activation';
import * as conv from './conv';
import * as linear from './linear';
import { minibatchStd } from './minibatch-std';
import * as norm from './norm';
import * as pixelcnn from './pixelcnn';
import * as slots from './slots';
import * as unet from './unet-blocks';
import * as transformer from './transformer';
import type { NetLayer } from '../net-spec';

/** Every layer kind a NetSpec may use. Adding a kind: its file under layers/, one line here and one in net-spec.ts. */
export const LAYERS: { [K in NetLayer['kind']]: LayerDef<Extract<NetLayer, { kind: K }>> } = {
  dense: linear.dense,
  unflatten: linear.unflatten,
  flatten: linear.flatten,
  conv: conv.conv,
  convTranspose: conv.convTranspose,
  depthToSpace: conv.depthToSpace,
  batchnorm: norm.batchnorm,
  groupnorm: norm.groupnorm,
  relu: activation.relu,
  leakyrelu: activation.leakyrelu,
  tanh: activation.tanh,
  sigmoid: activation.sigmoid,
  silu: activation.silu,
  minibatchStd,
  save: slots.save,
  load: slots.load,
  concat: slots.concat,
  add: slots.add,
  timestepEmbedding: unet.timestepEmbedding,
  resBlock: unet.resBlock,
  attention: unet.attention,
  upsample: unet.upsample,
  ...autoregressiveLayers(),
};

export function layerDef<L extends NetLayer>(layer: L): LayerDef<L> {
  return LAYERS[layer.kind] as unknown as LayerDef<L>;
}

/** The autoregressive families' kinds (PixelCNN, transformer), kept in their own files. */
function autoregressiveLayers() {
  return {
    pixelInput: pixelcnn.pixelInput,
    gatedPixel: pixelcnn.gatedPixel,
    pixelOutput: pixelcnn.pixelOutput,
    embedding: transformer.embedding,
    positionEmbedding: transformer.positionEmbedding,
    layerNorm: transformer.layerNorm,
    tokenDense: transformer.tokenDense,
    causalSelfAttention: transformer.causalSelfAttention,
    gelu: transformer.gelu,
  } as const;
}
