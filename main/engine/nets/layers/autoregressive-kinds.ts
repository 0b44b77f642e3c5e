import type { GatedPixelLayer, PixelInputLayer, PixelOutputLayer } from './pixelcnn';
import type {
  CausalAttentionLayer,
  EmbeddingLayer,
  GeluLayer,
  LayerNormLayer,
  PositionEmbeddingLayer,
  TokenDenseLayer,
} from './transformer';

/** The layer kinds of the autoregressive families (PixelCNN, decoder-only transformer). */
export type AutoregressiveLayer =
  | PixelInputLayer
  | GatedPixelLayer
  | PixelOutputLayer
  | EmbeddingLayer
  | PositionEmbeddingLayer
  | LayerNormLayer
  | TokenDenseLayer
  | CausalAttentionLayer
  | GeluLayer;
