import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGeneratorWeightsFile } from '../../main/engine/onnx-export/weights-file';
import { TrainingControl } from '../../main/engine/training/control';
import { decodeTensors, type TensorIndexEntry } from '../../main/engine/training/tensor-file';
import { train } from '../../main/engine/training/trainer';
import { trainingRuntime } from '../../main/engine/training/training-runtime';
import { solidSource, tempDir, tinyConfig } from './fixtures';

/** Every float of a model folder (generator + critic/encoder), by name. */
async function modelFloats(dir: string): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [layer, keys] of Object.entries(await readGeneratorWeightsFile(dir)))
    for (const [key, t] of Object.entries(keys)) out.set(`g.${layer}.${key}`, t.data);
  const meta = JSON.parse(await readFile(join(dir, 'networks.json'), 'utf8')) as {
    tensors: TensorIndexEntry[];
  };
  for (const [name, t] of Object.entries(
    decodeTensors(meta.tensors, await readFile(join(dir, 'networks.bin'))),
  ))
    out.set(name, t.data);
  return out;
}

function maxDiff(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  let worst = 0;
  for (const [name, x] of a) {
    const y = b.get(name)!;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  }
  return worst;
}

// The cpu backend is the reference: pure JS, single-threaded, so bit-exact equality is expected.
describe.each(['gan', 'vae'] as const)(
  '%s: stop at step 3 and resume = uninterrupted run',
  (family) => {
    it('ends with identical weights', { timeout: 600_000 }, async () => {
      const runtime = await trainingRuntime('cpu');
      const config = tinyConfig({ family, steps: 6, batch: 2, checkpointEvery: 2 });
      const base = { config, width: 2, runtime };

      const straight = await tempDir(`${family}-straight`);
      const a = await train({
        ...base,
        loader: solidSource([
          [200, 40, 40],
          [30, 30, 220],
        ]),
        outDir: straight,
      });
      expect(a.state).toBe('finished');

      const broken = await tempDir(`${family}-broken`);
      const control = new TrainingControl();
      const b1 = await train({
        ...base,
        loader: solidSource([
          [200, 40, 40],
          [30, 30, 220],
        ]),
        outDir: broken,
        control,
        onProgress: (p) => p.step === 3 && control.cancel(),
      });
      expect(b1).toMatchObject({ state: 'stopped', step: 3 });
      expect(b1.checkpointDir).toMatch(/step-0000003$/);
      // A new process would build a new loader: only the checkpoint carries state across.
      const b2 = await train({
        ...base,
        loader: solidSource([
          [200, 40, 40],
          [30, 30, 220],
        ]),
        outDir: broken,
        resume: true,
      });
      expect(b2).toMatchObject({ state: 'finished', step: 6 });

      const diff = maxDiff(await modelFloats(a.modelDir!), await modelFloats(b2.modelDir!));
      console.log(`${family} resume max |Δweight| = ${diff}`);
      expect(diff).toBe(0);
    });
  },
);
