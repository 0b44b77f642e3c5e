import { StudioError } from '../../contract/channels';
import { createRng } from '../latent/prng';
import { epochOrder, loaderStateSchema, type LoaderState } from './epoch-order';
import type { PreprocessedCache } from './preprocessed-cache';
import type { ShardReader } from './shard-reader';

export { epochOrder, type LoaderState } from './epoch-order';

export interface LoaderOptions {
  batch: number;
  seed: number;
  /** Batches read ahead while the current one trains (default 2). */
  prefetch?: number;
  /** Shard indices to train on (default all): a held-out split leaves its images out. */
  indices?: Uint32Array;
}

/**
 * Shuffled training batches from a PreprocessedCache: Float32Array NHWC (batch×size×size×channels)
 * in [-1, 1]. Batches run on across epoch boundaries (a batch may end one epoch and start the
 * next), so every batch is full. Up to `prefetch` batches are read from the shard ahead of time,
 * so the next one is ready when the current training step ends. It fits the trainer's BatchSource by shape.
 */
export class DatasetLoader {
  readonly size: number;
  readonly channels: 1 | 3;
  private batch: number;
  private consumed: LoaderState;
  private readAhead: LoaderState;
  private queue: Array<Promise<Float32Array>> = [];
  private orders = new Map<number, Uint32Array>();
  private readonly indices: Uint32Array | null;

  private constructor(
    cache: PreprocessedCache,
    private readonly reader: ShardReader,
    options: LoaderOptions,
    private readonly prefetch: number,
  ) {
    this.size = cache.settings.size;
    this.channels = cache.settings.channels;
    this.batch = options.batch;
    this.indices = options.indices ?? null;
    this.consumed = { seed: options.seed, epoch: 0, position: 0 };
    this.readAhead = { ...this.consumed };
  }

  static async open(cache: PreprocessedCache, options: LoaderOptions): Promise<DatasetLoader> {
    checkBatch(options.batch);
    if (options.indices?.some((i) => i >= cache.count))
      throw new StudioError(
        'BAD_REQUEST',
        `A training index lies beyond the ${cache.count} cached images.`,
      );
    if (options.indices?.length === 0)
      throw new StudioError(
        'BAD_REQUEST',
        'No images are left to train on after the held-out split.',
      );
    createRng(options.seed); // validates the seed in words before any file is opened
    return new DatasetLoader(cache, await cache.openReader(), options, options.prefetch ?? 2);
  }

  /** Images trained on (the held-out split excluded). */
  get count(): number {
    return this.indices?.length ?? this.reader.count;
  }

  /** Epochs completed by the batches handed out so far, e.g. 2.5 = halfway through the third. */
  get epochFraction(): number {
    return this.consumed.epoch + this.consumed.position / this.count;
  }
  epoch(): number {
    return this.epochFraction;
  }

  state(): LoaderState {
    return { ...this.consumed };
  }

  /** Continues from a `state()` (batches already read ahead are dropped). */
  restore(state: unknown): void {
    const parsed = loaderStateSchema.safeParse(state);
    if (!parsed.success || parsed.data.position > this.count)
      throw new StudioError(
        'BAD_REQUEST',
        `Loader state ${JSON.stringify(state)} does not fit a dataset of ${this.count} images.`,
      );
    this.consumed = { ...parsed.data };
    this.dropReadAhead();
  }

  /** The next batch; `batch` may change between calls (read-ahead is then redone at the new size). */
  async next(batch = this.batch): Promise<Float32Array> {
    if (batch !== this.batch) {
      checkBatch(batch);
      this.batch = batch;
      this.dropReadAhead();
    }
    if (this.queue.length === 0) this.queue.push(this.readBatch());
    const next = this.queue.shift()!;
    this.advance(this.consumed);
    while (this.queue.length < this.prefetch) this.queue.push(this.readBatch());
    return next;
  }

  /** Raw cached bytes (0..255, size × size × channels each) of the given shard indices, in order. */
  async readSamples(shardIndices: ArrayLike<number>): Promise<Uint8Array> {
    const { sampleBytes } = this.reader;
    const bytes = new Uint8Array(shardIndices.length * sampleBytes);
    const reads: Array<Promise<void>> = [];
    for (let k = 0; k < shardIndices.length; k++)
      reads.push(this.reader.read(shardIndices[k]!, bytes, k * sampleBytes));
    await Promise.all(reads);
    return bytes;
  }

  private shardIndex(i: number): number {
    return this.indices ? this.indices[i]! : i;
  }

  close(): Promise<void> {
    this.queue = [];
    return this.reader.close();
  }

  private dropReadAhead(): void {
    this.readAhead = { ...this.consumed };
    this.queue = [];
    this.orders.clear();
  }

  /** Moves `cursor` on by one batch and says which (epoch, position) samples it covered. */
  private advance(cursor: LoaderState): Array<[number, number]> {
    const picks: Array<[number, number]> = [];
    for (let k = 0; k < this.batch; k++) {
      if (cursor.position >= this.count) {
        cursor.epoch++;
        cursor.position = 0;
      }
      picks.push([cursor.epoch, cursor.position++]);
    }
    return picks;
  }

  private order(epoch: number): Uint32Array {
    let order = this.orders.get(epoch);
    if (!order) {
      order = epochOrder(this.count, this.readAhead.seed, epoch);
      this.orders.set(epoch, order);
      for (const e of this.orders.keys()) if (e < epoch - 1) this.orders.delete(e); // two at most
    }
    return order;
  }

  private readBatch(): Promise<Float32Array> {
    const picks = this.advance(this.readAhead);
    const { sampleBytes } = this.reader;
    const bytes = new Uint8Array(picks.length * sampleBytes);
    const reads = picks.map(([epoch, position], k) =>
      this.reader.read(this.shardIndex(this.order(epoch)[position]!), bytes, k * sampleBytes),
    );
    const batch = Promise.all(reads).then(() => {
      const out = new Float32Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 127.5 - 1;
      return out;
    });
    batch.catch(() => undefined); // a failed read-ahead is reported when that batch is asked for
    return batch;
  }
}

function checkBatch(batch: number): void {
  if (!Number.isInteger(batch) || batch < 1)
    throw new StudioError('BAD_REQUEST', `A batch must hold at least one image, not ${batch}.`);
}
