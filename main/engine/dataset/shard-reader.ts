import type { FileHandle } from 'node:fs/promises';
import { StudioError } from '../../contract/channels';

/**
 * Random access to a shard's samples through one open file handle: positioned reads of one
 * sample each, so the loader holds only the batches it is preparing, never the whole shard.
 */
export class ShardReader {
  constructor(
    private readonly handle: FileHandle,
    readonly count: number,
    readonly sampleBytes: number,
  ) {}

  /** Copies sample `index` into `into` at `offset`. */
  async read(index: number, into: Uint8Array, offset = 0): Promise<void> {
    const { sampleBytes } = this;
    const { bytesRead } = await this.handle.read(into, offset, sampleBytes, index * sampleBytes);
    if (bytesRead !== sampleBytes)
      throw new StudioError('BAD_FILE', 'The prepared-image cache is shorter than its index.');
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
