/**
 * Trains the bundled Fashion-MNIST classifier — the domain feature extractor and Inception-Score
 * classifier for models trained on Fashion-MNIST — with the studio's own training runtime (tfjs on
 * the wasm backend with the studio's training kernels), exports it with the studio's Keras → ONNX
 * converter, checks the ONNX file against tfjs in onnxruntime, and writes
 * assets/extractors/fashion-mnist-classifier.{onnx,json} and its .training/ record.
 *
 *   npx tsx scripts/default-model/train-fashion-classifier.ts [--epochs 3] [--train-count 60000] [--out DIR]
 *
 * Data: Debian package `dataset-fashion-mnist` (Zalando SE, MIT). Deterministic for a seed.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type * as TF from '@tensorflow/tfjs';
import { createRng, type Rng } from '../../main/engine/latent/prng';
import { trainingRuntime } from '../../main/engine/training/training-runtime';
import type { Tf } from '../../main/engine/training/training-runtime';
import {
  buildClassifier,
  classifierToOnnx,
  onnxVersusTfjs,
  SIDE,
} from './fashion-classifier-model';
import { readFashionMnist, type IdxImages } from './fashion-mnist-idx';
import { writeClassifierAssets, type EpochLog } from './fashion-classifier-assets';

const SEED = 7;
const BATCH = 128;
const LEARNING_RATE = 1e-3;
const MAX_SHIFT = 2;
const PLANE = SIDE * SIDE;

/**
 * Images `indices` as NHWC RGB floats in [0, 1], every image rolled by (dy, dx) pixels: generated
 * samples are rarely pixel-centred like the data set, so training sees small shifts.
 */
function rgbBatch(images: IdxImages, indices: ArrayLike<number>, dy = 0, dx = 0): Float32Array {
  const out = new Float32Array(indices.length * PLANE * 3);
  for (let b = 0; b < indices.length; b++) {
    const src = images.pixels.subarray(indices[b]! * PLANE, (indices[b]! + 1) * PLANE);
    for (let y = 0; y < SIDE; y++)
      for (let x = 0; x < SIDE; x++) {
        const v = src[((y - dy + SIDE) % SIDE) * SIDE + ((x - dx + SIDE) % SIDE)]! / 255;
        out.fill(v, (b * PLANE + y * SIDE + x) * 3, (b * PLANE + y * SIDE + x) * 3 + 3);
      }
  }
  return out;
}

function shuffled(count: number, rng: Rng): Uint32Array {
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.nextUint32() % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function accuracy(tf: Tf, model: TF.LayersModel, images: IdxImages, labels: Uint8Array): number {
  let correct = 0;
  for (let start = 0; start < images.count; start += 500) {
    const idx = Array.from({ length: Math.min(500, images.count - start) }, (_, i) => start + i);
    const pred = tf.tidy(() => {
      const x = tf.tensor4d(rgbBatch(images, idx), [idx.length, SIDE, SIDE, 3]);
      return (model.predict(x) as TF.Tensor[])[1]!.argMax(1).dataSync();
    });
    idx.forEach((i, k) => (correct += pred[k] === labels[i] ? 1 : 0));
  }
  return correct / images.count;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      epochs: { type: 'string', default: '3' },
      'train-count': { type: 'string', default: '60000' },
      out: { type: 'string', default: join(import.meta.dirname, '../../assets/extractors') },
    },
  });
  const epochs = Number(values.epochs);
  const { tf, backend } = await trainingRuntime('wasm');
  const train = await readFashionMnist('train');
  const test = await readFashionMnist('t10k');
  const trainCount = Math.min(train.images.count, Number(values['train-count']));
  if (!(epochs >= 1) || !(trainCount >= BATCH))
    throw new Error('--epochs must be ≥ 1 and --train-count ≥ 128');
  const model = buildClassifier(tf, SEED);
  // tf.train.adam's optimizer with a settable rate: tfjs reads it at every step (cosine schedule).
  class ScheduledAdam extends tf.AdamOptimizer {
    setLearningRate(rate: number): void {
      this.learningRate = rate;
    }
  }
  const optimizer = new ScheduledAdam(LEARNING_RATE, 0.9, 0.999);
  const variables = model.trainableWeights.map((w) => w.read() as TF.Variable);
  const rng = createRng(SEED);
  const stepsPerEpoch = Math.floor(trainCount / BATCH);
  const totalSteps = epochs * stepsPerEpoch;
  const log: EpochLog[] = [];
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;
  console.log(`backend ${backend}: ${epochs} epochs × ${stepsPerEpoch} steps of ${BATCH}`);
  for (let epoch = 1, step = 0; epoch <= epochs; epoch++) {
    const order = shuffled(trainCount, rng);
    let lossSum = 0;
    for (let s = 0; s < stepsPerEpoch; s++, step++) {
      // Cosine decay to zero over the whole run.
      optimizer.setLearningRate(
        (LEARNING_RATE * (1 + Math.cos((Math.PI * step) / totalSteps))) / 2,
      );
      const idx = order.subarray(s * BATCH, (s + 1) * BATCH);
      const shift = () => (rng.nextUint32() % (2 * MAX_SHIFT + 1)) - MAX_SHIFT;
      const pixels = rgbBatch(train.images, idx, shift(), shift());
      const loss = tf.tidy(() => {
        const x = tf.tensor4d(pixels, [BATCH, SIDE, SIDE, 3]);
        const y = tf.oneHot(
          tf.tensor1d(
            Array.from(idx, (i) => train.labels[i]!),
            'int32',
          ),
          10,
        );
        const cost = optimizer.minimize(
          () => {
            const logits = (model.apply(x, { training: true }) as TF.Tensor[])[1]!;
            return tf.losses.softmaxCrossEntropy(y, logits);
          },
          true,
          variables,
        );
        return cost!.dataSync()[0]!;
      });
      lossSum += loss;
      if ((s + 1) % 100 === 0)
        console.log(
          `  epoch ${epoch} step ${s + 1}: loss ${(lossSum / (s + 1)).toFixed(4)}, ${seconds()} s`,
        );
    }
    const trainSeconds = seconds();
    const testAccuracy = accuracy(tf, model, test.images, test.labels);
    log.push({ epoch, trainLoss: lossSum / stepsPerEpoch, testAccuracy, seconds: trainSeconds });
    console.log(JSON.stringify(log.at(-1)));
  }
  const final = log.at(-1)!.testAccuracy;
  const onnx = classifierToOnnx(
    model,
    `Fashion-MNIST classifier trained by Latent Studio's tfjs training code (scripts/default-model/train-fashion-classifier.ts), test accuracy ${(100 * final).toFixed(1)} %.`,
  );
  // Half the check batch tinted per channel, so the channel averaging is exercised too.
  const check = rgbBatch(
    test.images,
    Array.from({ length: 64 }, (_, i) => i),
  );
  for (let i = 0; i < check.length; i++)
    if (Math.floor(i / (PLANE * 3)) % 2 === 1) check[i] = check[i]! * (0.6 + 0.2 * (i % 3));
  const maxAbsDiff = await onnxVersusTfjs(tf, model, onnx, check, 64);
  console.log(`ONNX vs tfjs on 64 test images: max |diff| ${maxAbsDiff.toExponential(2)}`);
  if (!(maxAbsDiff <= 1e-4))
    throw new Error(`the ONNX export does not match tfjs (max |diff| ${maxAbsDiff} > 1e-4)`);
  await mkdir(values.out, { recursive: true });
  await writeClassifierAssets(values.out, onnx, {
    epochs,
    trainCount,
    batch: BATCH,
    seed: SEED,
    backend,
    log,
    maxAbsDiff,
  });
  console.log(`wrote ${values.out}/fashion-mnist-classifier.{onnx,json} (${onnx.length} bytes)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
