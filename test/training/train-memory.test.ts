import { describe, expect, it } from 'vitest';
import { train } from '../../main/engine/training/trainer';
import { trainingRuntime } from '../../main/engine/training/training-runtime';
import { solidSource, tempDir, tinyConfig } from './fixtures';

const colours: [number, number, number][] = [
  [200, 40, 40],
  [30, 30, 220],
];

// On the tfjs runtime, the state tensors of every step, the kept gradient auxiliaries and the
// forward passes of previews must all be freed: no growth across runs and a resume.
describe.each(['gan', 'vae'] as const)('%s: train() frees every tensor it makes', (family) => {
  it('no tensor growth across two runs and a resume', async () => {
    const { tf } = await trainingRuntime('wasm');
    const config = tinyConfig({ family, steps: 2, batch: 2, checkpointEvery: 1, previewEvery: 1 });
    const run = async (outDir: string, resume = false, steps = 2) =>
      train({
        config: { ...config, steps },
        width: 4,
        runtime: 'tfjs',
        backend: 'wasm',
        loader: solidSource(colours),
        outDir,
        resume,
      });
    const before = tf.memory().numTensors;
    await run(await tempDir(`mem-${family}-a`));
    const afterOne = tf.memory().numTensors;
    const outDir = await tempDir(`mem-${family}-b`);
    await run(outDir);
    await run(outDir, true, 3);
    expect(afterOne).toBe(before);
    expect(tf.memory().numTensors).toBe(before);
  });
});
