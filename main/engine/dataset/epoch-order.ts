import { z } from 'zod';
import { createRng } from '../latent/prng';

/** Where a loader is in its stream of batches: enough to continue it exactly after a restart. */
export const loaderStateSchema = z.object({
  seed: z.number().int().min(0).max(0xffffffff),
  epoch: z.number().int().min(0),
  /** Samples of this epoch's order already handed out. */
  position: z.number().int().min(0),
});
export type LoaderState = z.infer<typeof loaderStateSchema>;

/**
 * Epoch e visits every sample once in the order of a Fisher–Yates shuffle driven by
 * createRng(seed XOR (e + 1)·0x9E3779B9). The order is a function of (seed, epoch) alone, so a run
 * resumed from {seed, epoch, position} sees exactly the batches it would have seen.
 */
export function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  const rng = createRng((seed ^ Math.imul(epoch + 1, 0x9e3779b9)) >>> 0);
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.nextUint32() % (i + 1); // modulo bias < count/2^32: irrelevant here
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
