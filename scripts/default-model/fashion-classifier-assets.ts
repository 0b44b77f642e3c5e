import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../main/engine/io/atomic-write';
import { CLASSES, MEAN, SIDE, STD } from './fashion-classifier-model';

/**
 * Writes the bundled classifier's files: `<out>/fashion-mnist-classifier.onnx`, its extractor
 * manifest (.json) and the training record (.training/README.md, training-log.json). Each file is
 * written atomically, so an interrupted run leaves the previous complete file in place.
 */
export interface EpochLog {
  epoch: number;
  trainLoss: number;
  testAccuracy: number;
  /** Seconds of training since the start, when this epoch's training ended. */
  seconds: number;
}

export interface TrainingRecord {
  epochs: number;
  trainCount: number;
  batch: number;
  seed: number;
  backend: string;
  log: EpochLog[];
  maxAbsDiff: number;
}

const percent = (v: number) => `${(100 * v).toFixed(1)} %`;

function readme(r: TrainingRecord): string {
  const last = r.log.at(-1)!;
  const subset =
    r.trainCount < 60000
      ? ` (the first ${r.trainCount.toLocaleString('en')} of them are used)`
      : '';
  return `# Fashion-MNIST classifier — bundled feature extractor

The domain feature extractor (\`--extractor fashion-mnist\`) and Inception-Score classifier for models
trained on Fashion-MNIST, such as the bundled default model. Scores made with it are labelled with
its id; they are not comparable with published FID/IS, which use the Inception network.

- **Data:** Fashion-MNIST from Debian's package \`dataset-fashion-mnist\` (Zalando SE, MIT licence):
  60,000 training images${subset}, 10,000 test images, 28×28 greyscale.
- **Model:** plain Keras layers (tfjs): a fixed, non-trainable 1×1 convolution that averages the RGB
  channels and normalises ((grey − ${MEAN}) / ${STD}); three 3×3 conv + ReLU + 2×2 max-pool blocks
  (32, 64, 128 channels); a 128-unit ReLU layer (the \`features\` output, 128-d) and a 10-way linear
  head (the \`logits\` output). It takes RGB ${SIDE}×${SIDE} in [0, 1], so colour images and greyscale
  PNGs are treated alike.
- **Training:** Latent Studio's own tfjs training runtime (${r.backend} backend with the studio's
  training kernels), not PyTorch:
  \`npx tsx scripts/default-model/train-fashion-classifier.ts --epochs ${r.epochs}${r.trainCount < 60000 ? ` --train-count ${r.trainCount}` : ''}\`.
  Adam 1e-3 with cosine decay, batch ${r.batch}, ${r.epochs} epoch${r.epochs === 1 ? '' : 's'}, ±2 px random shifts, seed ${r.seed};
  ${Math.round(last.seconds / 60)} minutes of training on a shared 2-core machine.
  \`training-log.json\` holds the per-epoch loss and test accuracy.
- **Export:** the studio's Keras → ONNX converter (\`main/engine/onnx/keras-to-onnx.ts\`);
  the script checks the ONNX file in onnxruntime against tfjs on 64 test images (largest difference
  ${r.maxAbsDiff.toExponential(1)}, allowed 1e-4).
- **Result:** ${percent(last.testAccuracy)} accuracy on the 10,000 test images.
  \`fashion-mnist-classifier.test.ts\` pins it on 30 committed test images (\`test/fixtures/fashion-mnist\`).
`;
}

export async function writeClassifierAssets(
  out: string,
  onnx: Uint8Array,
  r: TrainingRecord,
): Promise<void> {
  const accuracy = r.log.at(-1)!.testAccuracy;
  const manifest = {
    kind: 'feature-extractor',
    name: 'fashion-mnist-classifier',
    description: `Small CNN trained by Latent Studio's tfjs training code on Fashion-MNIST (test accuracy ${percent(accuracy)}); 128-d features from its last hidden layer, 10 Fashion-MNIST classes.`,
    input: { name: 'image', width: SIDE, height: SIDE, layout: 'NCHW', channels: 3, range: [0, 1] },
    resize: 'bilinear',
    features: 'features',
    classifier: { output: 'logits', softmax: false, classes: CLASSES.length },
    classNames: CLASSES,
    maxBatch: 256,
  };
  const record = join(out, 'fashion-mnist-classifier.training');
  await mkdir(record, { recursive: true });
  const { log, ...settings } = r;
  await writeFileAtomic(
    join(record, 'training-log.json'),
    JSON.stringify({ ...settings, optimizer: 'Adam lr 1e-3 cosine', log }, null, 2) + '\n',
  );
  await writeFileAtomic(join(record, 'README.md'), readme(r));
  await writeFileAtomic(join(out, 'fashion-mnist-classifier.onnx'), onnx);
  await writeFileAtomic(
    join(out, 'fashion-mnist-classifier.json'),
    JSON.stringify(manifest, null, 2) + '\n',
  );
}
