import type { ModelProperties } from '../../contract/channels';
import type { RawRun } from './properties';

/** Dynamic-batch models run in chunks of this many latents: big enough to amortise, small enough for RAM. */
export const MAX_CHUNK = 64;

/**
 * Generator.generate for any runtime: splits `count` latents into runs the model accepts. A
 * fixed-batch model gets exactly its batch each run; the last partial run is padded with zero
 * latents whose images are dropped. Returns count images back to back, in the model's own layout.
 */
export async function generateInChunks(
  props: ModelProperties,
  run: RawRun,
  z: Float32Array,
  count: number,
): Promise<Float32Array> {
  const { latentDim, batch, latentShape, channels, width, height } = props;
  if (!Number.isInteger(count) || count < 0 || z.length !== count * latentDim) {
    throw new RangeError(`generate: expected ${count}x${latentDim} latent values, got ${z.length}`);
  }
  const perImage = channels * width * height;
  const out = new Float32Array(count * perImage);
  const chunk = batch === 'dynamic' ? MAX_CHUNK : batch;
  for (let i = 0; i < count; i += chunk) {
    const n = Math.min(chunk, count - i);
    let slice = z.subarray(i * latentDim, (i + n) * latentDim);
    if (batch !== 'dynamic' && n < batch) {
      const padded = new Float32Array(batch * latentDim);
      padded.set(slice);
      slice = padded;
    }
    const res = await run(slice, batch === 'dynamic' ? n : batch, latentShape);
    if (res.data.length < n * perImage)
      throw new Error(`model returned ${res.data.length} values for ${n} images`);
    out.set(res.data.subarray(0, n * perImage), i * perImage);
  }
  return out;
}
