import { stepRng } from './step-rng';

/**
 * What the trainer needs from a dataset: batches of NHWC floats in [-1, 1] in a seeded order, and
 * a JSON state so a resumed run continues with the very next batch. The dataset loader
 * (main/engine/dataset) satisfies this; memorySource below is the built-in one.
 */
export interface BatchSource {
  readonly count: number;
  readonly size: number;
  readonly channels: 1 | 3;
  next(batch: number): Promise<Float32Array>;
  /** Epochs consumed so far, fractional. */
  epoch(): number;
  state(): unknown;
  restore(state: unknown): void;
  /** Releases open files, if any. */
  close?(): Promise<void>;
  /** The images behind a folder source, for the live detectors (absent for in-memory sources). */
  readonly images?: TrainingImages;
}

export interface TrainingImages {
  /** Source file of each cached image, by shard index. */
  files: readonly string[];
  /** Shard indices trained on, and held out (the VAE held-out split; empty otherwise). */
  trainIndices: Uint32Array;
  heldOutIndices: Uint32Array;
  /** Cached bytes (0..255, size × size × channels each) of the given shard indices. */
  read(indices: ArrayLike<number>): Promise<Uint8Array>;
}

interface MemoryState {
  epoch: number;
  index: number;
}

function shuffled(count: number, seed: number, epoch: number): Uint32Array {
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  const rng = stepRng(seed, epoch, 'shuffle');
  for (let i = count - 1; i > 0; i--) {
    const j = rng.nextUint32() % (i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * Images held as bytes (0..255, NHWC, `channels` per pixel), reshuffled every epoch from
 * (seed, epoch) — so the order needs no state beyond the epoch and the position in it.
 */
export function memorySource(
  images: Uint8Array[],
  size: number,
  channels: 1 | 3,
  seed: number,
): BatchSource {
  if (images.length === 0) throw new Error('There are no images to train on.');
  const pixels = size * size * channels;
  let s: MemoryState = { epoch: 0, index: 0 };
  let order = shuffled(images.length, seed, 0);
  return {
    count: images.length,
    size,
    channels,
    async next(batch) {
      const out = new Float32Array(batch * pixels);
      for (let b = 0; b < batch; b++) {
        if (s.index >= images.length) {
          s = { epoch: s.epoch + 1, index: 0 };
          order = shuffled(images.length, seed, s.epoch);
        }
        const image = images[order[s.index]!]!;
        for (let p = 0; p < pixels; p++) out[b * pixels + p] = (image[p] ?? 0) / 127.5 - 1;
        s.index += 1;
      }
      return out;
    },
    epoch: () => s.epoch + s.index / images.length,
    state: () => ({ ...s }),
    restore(state) {
      const r = state as MemoryState;
      s = { epoch: r.epoch, index: r.index };
      order = shuffled(images.length, seed, s.epoch);
    },
  };
}
