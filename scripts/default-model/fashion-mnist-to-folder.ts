/**
 * Writes Fashion-MNIST (Debian package dataset-fashion-mnist; Expat/MIT licence, © 2017 Zalando SE,
 * per /usr/share/doc/dataset-fashion-mnist/copyright) as a folder of PNGs, so the bundled default
 * model is trained by the app's own `train FOLDER` command like any user folder. COUNT takes the
 * first COUNT training images (the GAN comparison of issue 9 uses 10,000). Data sets and their
 * licences: scripts/datasets/README.md.
 *
 *   npx tsx scripts/default-model/fashion-mnist-to-folder.ts OUT_DIR [COUNT]
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { encodePng } from '../../main/engine/image/png';

const SOURCE = '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz';
const LABELS = '/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz';
const CLASSES = [
  'tshirt',
  'trouser',
  'pullover',
  'dress',
  'coat',
  'sandal',
  'shirt',
  'sneaker',
  'bag',
  'boot',
];

async function main(): Promise<void> {
  const [out, countArg] = process.argv.slice(2);
  if (!out) throw new Error('usage: fashion-mnist-to-folder.ts OUT_DIR [COUNT]');
  const images = gunzipSync(await readFile(SOURCE));
  const labels = gunzipSync(await readFile(LABELS));
  const view = new DataView(images.buffer, images.byteOffset, images.byteLength);
  if (view.getUint32(0) !== 2051) throw new Error(`${SOURCE} is not an IDX image file`);
  const total = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  const count = Math.min(total, Number(countArg ?? total));
  await mkdir(out, { recursive: true });
  for (let i = 0; i < count; i++) {
    const gray = images.subarray(16 + i * rows * cols, 16 + (i + 1) * rows * cols);
    const rgba = new Uint8Array(rows * cols * 4);
    // Kept as the data set is (light clothes on black), so its samples look like Fashion-MNIST.
    for (let p = 0; p < gray.length; p++) {
      rgba.fill(gray[p]!, p * 4, p * 4 + 3);
      rgba[p * 4 + 3] = 255;
    }
    const name = `${CLASSES[labels[8 + i]!] ?? 'item'}-${String(i).padStart(5, '0')}.png`;
    await writeFile(join(out, name), encodePng({ width: cols, height: rows, rgba }));
  }
  console.log(`wrote ${count} images of ${cols}×${rows} to ${out}`);
}

void main();
