/**
 * Builds the tiny tfjs LayersModel fixture: test/fixtures/models/tfjs-gen/{model.json, weights.bin}.
 * z [N,16] -> dense -> reshape -> NHWC [N,8,8,3] sigmoid. Run: npx tsx scripts/make-tfjs-fixture.ts
 *
 * Saved through a hand-written IOHandler (plain fs writes) because tfjs-node, which provides the
 * usual file:// handler, is not installable everywhere; the engine loads it back the same way.
 * Initialisers are seeded so the weights are identical on every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

const outDir = join(import.meta.dirname, '..', 'test', 'fixtures', 'models', 'tfjs-gen');

function joinWeights(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  return new Uint8Array(tf.io.concatenateArrayBuffers(parts));
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [16],
        units: 8 * 8 * 3,
        activation: 'linear',
        kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }),
        biasInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.1, seed: 2 }),
      }),
      tf.layers.reshape({ targetShape: [8, 8, 3] }),
      tf.layers.activation({ activation: 'sigmoid' }),
    ],
  });
  mkdirSync(outDir, { recursive: true });
  await model.save({
    save: (artifacts: tf.io.ModelArtifacts) => {
      const weights = joinWeights(artifacts.weightData);
      writeFileSync(join(outDir, 'weights.bin'), weights);
      const modelJson = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileSync(join(outDir, 'model.json'), JSON.stringify(modelJson, null, 1) + '\n');
      return Promise.resolve({ modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) });
    },
  });
  console.log(`wrote ${outDir} (${model.countParams()} params)`);
}

await main();
