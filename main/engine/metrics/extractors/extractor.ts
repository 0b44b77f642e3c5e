/**
 * A feature extractor turns images into feature vectors (FID, KID, precision/recall, the live
 * detectors) and, when it has a classifier head, into class probabilities (Inception Score).
 *
 * Images cross this boundary as 8-bit RGBA, exactly as the app saves them to PNG and as sharp
 * decodes a folder, so a folder of exported PNGs and the model that made them give the same
 * features. Each extractor resizes and normalises with one fixed, documented method (see
 * `resize.ts`); the method is part of the extractor's identity because it changes FID. Alpha is
 * ignored (callers composite beforehand).
 */
import type { RgbaImage } from '../../image/png';

export interface ExtractedBatch {
  /** images.length × dim, row-major float64. */
  features: Float64Array;
  /** images.length × classes, row-major float64, rows sum to 1; null without a classifier. */
  probabilities: Float64Array | null;
}

export interface FeatureExtractor {
  /** Stable identity stored with every score, e.g. `nsfwjs-inception-v3-pool@4.4.0+bilinear299`. */
  readonly id: string;
  /** Words for people, e.g. "InceptionV3 from nsfwjs 4.4.0, pooled 2048-d (not the published FID network)". */
  readonly label: string;
  /** Feature dimension. */
  readonly dim: number;
  /** The size images are resized to before the network. */
  readonly inputSize: { width: number; height: number };
  /** Number of classes of the classifier head, or 0 when there is none (no Inception Score). */
  readonly classes: number;
  /** Features of each image, row-major float64, images.length × dim. */
  features(images: readonly RgbaImage[]): Promise<Float64Array>;
  /** Softmax class probabilities, row-major float64, images.length × classes (throws when classes = 0). */
  probabilities(images: readonly RgbaImage[]): Promise<Float64Array>;
  /**
   * Both at once, from one pass of the network (what an evaluation wants for FID + IS on the same
   * images); `probabilities` is null when classes = 0.
   */
  extract(images: readonly RgbaImage[]): Promise<ExtractedBatch>;
  /** Frees the runtime session. */
  dispose(): Promise<void>;
}
