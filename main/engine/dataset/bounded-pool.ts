import { availableParallelism } from 'node:os';
import { StudioError } from '../../contract/channels';

/**
 * How many images are decoded at once. libvips already uses threads inside one decode, and each
 * job holds a decoded original in memory, so a few are enough to keep the cores busy while one
 * job waits on the disk; more only raises peak memory.
 */
export const DECODE_CONCURRENCY = Math.max(2, Math.min(4, availableParallelism()));

export function throwIfCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new StudioError('CANCELLED', `${what} was cancelled.`);
}

/**
 * Runs `job(item, index)` over `items` with at most `limit` running at once and returns the results
 * in input order. Stops starting new jobs once `signal` aborts (the ones running finish first).
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  job: (item: T, index: number) => Promise<R>,
  options: { signal?: AbortSignal; what?: string } = {},
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !options.signal?.aborted) {
      const index = next++;
      results[index] = await job(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  throwIfCancelled(options.signal, options.what ?? 'The operation');
  return results;
}

/**
 * Runs `produce(i)` for i = 0..n-1 with up to `limit` in flight and hands the results to `consume`
 * in index order: work overlaps, output (a shard) is still written sequentially, and at most
 * `limit` results wait in memory. `produce` must not reject (return the error instead): once
 * `consume` throws, results still in flight are dropped.
 */
export async function forEachInOrder<R>(
  n: number,
  limit: number,
  produce: (i: number) => Promise<R>,
  consume: (i: number, result: R) => Promise<void>,
): Promise<void> {
  const pending: Array<Promise<R>> = [];
  let started = 0;
  const start = () => pending.push(produce(started++));
  while (started < n && pending.length < limit) start();
  for (let i = 0; i < n; i++) {
    const result = await pending.shift()!;
    if (started < n) start();
    await consume(i, result);
  }
}
