import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Reads Fashion-MNIST as Debian's package `dataset-fashion-mnist` (Zalando SE, MIT licence) installs
 * it: gzipped IDX files, images as uint8 [count, 28, 28], labels as uint8 [count].
 */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, row-major, 0 = black background. */
  pixels: Uint8Array;
}

async function readIdx(
  path: string,
  magic: number,
): Promise<{ view: DataView; bytes: Uint8Array }> {
  let bytes: Uint8Array;
  try {
    bytes = gunzipSync(await readFile(path));
  } catch (err) {
    throw new Error(
      `${path}: cannot read the gzipped IDX file (${err instanceof Error ? err.message : String(err)}); install Debian's dataset-fashion-mnist`,
      { cause: err },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 || view.getUint32(0) !== magic)
    throw new Error(`${path}: not an IDX file with magic ${magic}`);
  return { view, bytes };
}

export async function readIdxImages(path: string): Promise<IdxImages> {
  const { view, bytes } = await readIdx(path, 2051);
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  if (bytes.length !== 16 + count * rows * cols)
    throw new Error(
      `${path}: holds ${bytes.length - 16} pixel bytes, not ${count}×${rows}×${cols}`,
    );
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

export async function readIdxLabels(path: string): Promise<Uint8Array> {
  const { view, bytes } = await readIdx(path, 2049);
  const count = view.getUint32(4);
  if (bytes.length !== 8 + count)
    throw new Error(`${path}: holds ${bytes.length - 8} labels, not ${count}`);
  return bytes.subarray(8);
}

/** The training or test split: images and their labels, checked to match. */
export async function readFashionMnist(
  split: 'train' | 't10k',
  dir = FASHION_MNIST_DIR,
): Promise<{ images: IdxImages; labels: Uint8Array }> {
  const images = await readIdxImages(join(dir, `${split}-images-idx3-ubyte.gz`));
  const labels = await readIdxLabels(join(dir, `${split}-labels-idx1-ubyte.gz`));
  if (labels.length !== images.count)
    throw new Error(`${dir}: ${split} has ${images.count} images but ${labels.length} labels`);
  return { images, labels };
}
