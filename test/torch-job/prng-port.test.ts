import { describe, expect, it } from 'vitest';
import { epochOrder } from '../../main/engine/dataset/epoch-order';
import { createRng } from '../../main/engine/latent/prng';
import { drawAugment } from '../../main/engine/training/diff-augment';
import { augmentArrays } from '../../main/engine/training/families/diff-augment-ops';
import { hashSeed, normals, stepRng, type Stream } from '../../main/engine/training/step-rng';
import { JOB_RUNTIME, mustRunPython, torchMissing } from './torch-python';

/**
 * The job's port of the app's randomness (assets/torch-job/latent_job/prng.py, augment.py) draws
 * exactly what the app draws: the raw xoshiro128** stream, floats, Box–Muller normals (as float32),
 * the per-step hash, every training stream, the loader's epoch order, DiffAugment's parameters and
 * its gather index. So a step of the job uses the app's z, noise and augmentation.
 */
const SEEDS = [0, 1, 123, 0xdeadbeef, 0xffffffff];
const STREAMS: Stream[] = ['z-d', 'augment-real', 'augment-fake', 'augment-g', 'vae-eps'];

const SCRIPT = `
import json, sys
sys.path.insert(0, ${JSON.stringify(JOB_RUNTIME)})
from latent_job.prng import Rng, hash_seed, step_rng, normals, epoch_order
from latent_job.augment import draw_augment, augment_arrays
seeds = ${JSON.stringify(SEEDS)}
streams = ${JSON.stringify(STREAMS)}
out = {"u32": [], "floats": [], "normals": [], "hash": [], "streams": [], "orders": [], "augment": [], "index": []}
for s in seeds:
    r = Rng(s)
    out["u32"].append([r.next_uint32() for _ in range(40)])
    r = Rng(s)
    out["floats"].append([r.next_float() for _ in range(40)])
    out["normals"].append([float(v) for v in normals(Rng(s), 257)])
    out["hash"].append(hash_seed(s, 7, 0x57A4D))
    for step in (0, 1, 99999):
        for st in streams:
            out["streams"].append([float(v) for v in normals(step_rng(s, step, st), 33)])
    for e in (0, 1, 5):
        out["orders"].append([int(v) for v in epoch_order(53, s, e)])
    p = draw_augment(step_rng(s, 3, "augment-real"), 6, 32)
    out["augment"].append([float(v) for v in p.reshape(-1)])
    out["index"].append([int(v) for v in augment_arrays(p, 32)["index"].reshape(-1)])
print(json.dumps(out))
`;

interface PyDraws {
  u32: number[][];
  floats: number[][];
  normals: number[][];
  hash: number[];
  streams: number[][];
  orders: number[][];
  augment: number[][];
  index: number[][];
}

describe.skipIf(torchMissing !== null)(
  `the PyTorch job's PRNG port${torchMissing ? ` (${torchMissing})` : ''}`,
  () => {
    it('draws exactly what the app draws', { timeout: 120_000 }, async () => {
      const py = JSON.parse(await mustRunPython(['-c', SCRIPT], JOB_RUNTIME)) as PyDraws;
      let k = 0;
      let augmentRow = 0;
      SEEDS.forEach((seed, i) => {
        const a = createRng(seed);
        expect(py.u32[i], `uint32 stream of seed ${seed}`).toEqual(
          Array.from({ length: 40 }, () => a.nextUint32()),
        );
        const b = createRng(seed);
        expect(py.floats[i]).toEqual(Array.from({ length: 40 }, () => b.nextFloat()));
        expect(py.normals[i], `normals of seed ${seed}`).toEqual(
          Array.from(normals(createRng(seed), 257)),
        );
        expect(py.hash[i]).toBe(hashSeed(seed, 7, 0x57a4d));
        for (const step of [0, 1, 99999])
          for (const stream of STREAMS)
            expect(py.streams[k++], `${stream} at step ${step}, seed ${seed}`).toEqual(
              Array.from(normals(stepRng(seed, step, stream), 33)),
            );
        [0, 1, 5].forEach((e, j) =>
          expect(py.orders[i * 3 + j], `epoch ${e} order`).toEqual(
            Array.from(epochOrder(53, seed, e)),
          ),
        );
        const params = drawAugment(stepRng(seed, 3, 'augment-real'), 6, 32);
        expect(py.augment[augmentRow]).toEqual(Array.from(params));
        expect(py.index[augmentRow]).toEqual(
          Array.from(augmentArrays(params, 6, 32).index, (v) => Number(v)),
        );
        augmentRow++;
      });
      expect(k).toBe(SEEDS.length * 3 * STREAMS.length);
    });
  },
);
