import { join } from 'node:path';
import { StudioError } from '../../contract/channels';
import { decodeForTraining } from '../dataset/decode-for-training';
import { findImageFiles } from '../dataset/find-image-files';
import { addNll, bits, pixelNllSum, type NllSum } from './likelihood';
import type { PixelCnnModel } from './onnx-models';
import { levelToValue } from './pixel-sampler';

/**
 * A PixelCNN's negative log-likelihood of a folder of images, in bits per dimension: each image
 * decoded exactly as training decodes it (centre square, the model's size and channels, white
 * behind transparency), the whole image through the network once (its masks make every logit see
 * only what comes before), −log₂ softmax at the true level averaged over every sub-pixel.
 */
export interface PixelNll {
  bitsPerDim: number;
  images: number;
  dimensions: number;
}

const BATCH = 8;

export async function pixelNll(
  model: PixelCnnModel,
  folder: string,
  maxImages = 10_000,
): Promise<PixelNll> {
  const { channels: c, size, levels: levelCount } = model.info;
  const files = (await findImageFiles(folder)).slice(0, maxImages);
  if (files.length === 0) throw new StudioError('BAD_REQUEST', `${folder} holds no images.`);
  const hw = size * size;
  let sum: NllSum = { nats: 0, count: 0 };
  for (let b = 0; b < files.length; b += BATCH) {
    const group = files.slice(b, b + BATCH);
    const levels = new Uint8Array(group.length * c * hw);
    for (const [i, f] of group.entries()) {
      const hwc = await decodeForTraining(join(folder, f), {
        size,
        channels: c,
        background: 'white',
      });
      for (let p = 0; p < hw; p++)
        for (let ch = 0; ch < c; ch++) levels[(i * c + ch) * hw + p] = hwc[p * c + ch]!;
    }
    const x = Float32Array.from(levels, (l) => levelToValue(l, levelCount));
    const logits = await model.logits(x, group.length, size, size);
    sum = addNll(sum, pixelNllSum(logits, levels, group.length, c, hw, levelCount));
  }
  return { bitsPerDim: bits(sum), images: files.length, dimensions: sum.count };
}
